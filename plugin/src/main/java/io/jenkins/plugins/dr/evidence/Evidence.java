package io.jenkins.plugins.dr.evidence;

import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;
import org.drjenkins.engine.compliance.Verdict;
import org.drjenkins.engine.config.Targets;
import org.drjenkins.engine.report.Badge;
import org.drjenkins.engine.report.EvidenceFormat;

/**
 * What one DR step measured, as the agent reports it back to the controller (Java-serialized over the channel).
 * Jenkins keeps it in build.xml through {@link DrEvidenceAction}, which copies the values into plain fields: XStream
 * cannot restore records.
 *
 * @param component        the component (for failovers: the target region)
 * @param kind             which step measured it
 * @param verdict          the engine's verdict for these figures
 * @param passed           whether the operation succeeded (stored, verified, failed over, drill passed)
 * @param backupId         the backup concerned, or null
 * @param rpoSeconds       measured recovery point age, null when not measured
 * @param rpoTargetSeconds the component's RPO target
 * @param rtoSeconds       measured recovery time, null when not measured
 * @param rtoTargetSeconds the component's RTO target
 * @param timeMillis       when it was measured
 * @param summary          one line for people, e.g. "verified (restore)"
 */
public record Evidence(String component, EvidenceKind kind, Verdict verdict, boolean passed, String backupId,
        Double rpoSeconds, double rpoTargetSeconds, Double rtoSeconds, double rtoTargetSeconds, long timeMillis,
        String summary) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Evidence whose verdict follows from the figures by {@link Verdicts#judge}. */
    public static Evidence measured(String component, EvidenceKind kind, boolean passed, String backupId,
            Double rpoSeconds, double rpoTargetSeconds, Double rtoSeconds, double rtoTargetSeconds, long timeMillis,
            String summary) {
        return new Evidence(component, kind,
                Verdicts.judge(passed, rpoSeconds, rpoTargetSeconds, rtoSeconds, rtoTargetSeconds), passed, backupId,
                rpoSeconds, rpoTargetSeconds, rtoSeconds, rtoTargetSeconds, timeMillis, summary);
    }

    public Evidence withVerdict(Verdict newVerdict) {
        return new Evidence(component, kind, newVerdict, passed, backupId, rpoSeconds, rpoTargetSeconds, rtoSeconds,
                rtoTargetSeconds, timeMillis, summary);
    }

    public Targets targets() {
        return new Targets(duration(rtoTargetSeconds), duration(rpoTargetSeconds));
    }

    /** {@code RPO 3m12s / 5m · RTO 8m40s / 15m}, the engine's one format for evidence against targets. */
    public String tooltip() {
        return EvidenceFormat.tooltip(Optional.ofNullable(rpoSeconds), Optional.ofNullable(rtoSeconds), targets());
    }

    public String colour() {
        return Badge.colour(verdict);
    }

    /** The operation worked but a measured figure is past its target. */
    public boolean targetMissed() {
        return passed && Verdicts.targetMissed(rpoSeconds, rpoTargetSeconds, rtoSeconds, rtoTargetSeconds);
    }

    private static Duration duration(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
