package io.jenkins.plugins.dr.evidence;

import hudson.model.BuildBadgeAction;
import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.dr.jenkins.JenkinsFacade;
import java.time.Instant;
import java.util.Optional;
import jenkins.model.RunAction2;
import org.drjenkins.engine.compliance.Verdict;
import org.drjenkins.engine.report.EvidenceFormat;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * What one DR step measured on a build: a badge in the build history (coloured by verdict, tooltip
 * {@code RPO 3m12s / 5m · RTO 8m40s / 15m}), a row in the build page's summary table, and the build's
 * {@code /api/json}. Saved in build.xml with the build; the fields are plain values (no record, no engine object
 * but the Verdict enum) so XStream reads them back in any later version.
 */
@ExportedBean(defaultVisibility = 2)
public class DrEvidenceAction implements BuildBadgeAction, RunAction2 {
    private final String component;
    private final EvidenceKind kind;
    private final Verdict verdict;
    private final boolean passed;
    private final String backupId;
    private final Double rpoSeconds;
    private final double rpoTargetSeconds;
    private final Double rtoSeconds;
    private final double rtoTargetSeconds;
    private final long timeMillis;
    private final String summary;

    private transient Run<?, ?> run;

    public DrEvidenceAction(Evidence evidence) {
        this.component = evidence.component();
        this.kind = evidence.kind();
        this.verdict = evidence.verdict();
        this.passed = evidence.passed();
        this.backupId = evidence.backupId();
        this.rpoSeconds = evidence.rpoSeconds();
        this.rpoTargetSeconds = evidence.rpoTargetSeconds();
        this.rtoSeconds = evidence.rtoSeconds();
        this.rtoTargetSeconds = evidence.rtoTargetSeconds();
        this.timeMillis = evidence.timeMillis();
        this.summary = evidence.summary();
    }

    /** The values as one record again, for the charts and the dashboard. */
    public Evidence evidence() {
        return new Evidence(component, kind, verdict, passed, backupId, rpoSeconds, rpoTargetSeconds, rtoSeconds,
                rtoTargetSeconds, timeMillis, summary);
    }

    @Exported
    public String getComponent() {
        return component;
    }

    /** backup, verify, failover or drill. */
    @Exported
    public String getKind() {
        return kind.label();
    }

    /** What the step measured when the build ran: COMPLIANT, AT_RISK, VIOLATED or NO_EVIDENCE (see {@link #getLiveVerdict}). */
    @Exported
    public String getVerdict() {
        return verdict.name();
    }

    @Exported
    public boolean isPassed() {
        return passed;
    }

    @Exported
    public String getBackupId() {
        return backupId;
    }

    @Exported
    public Double getRpoSeconds() {
        return rpoSeconds;
    }

    @Exported
    public double getRpoTargetSeconds() {
        return rpoTargetSeconds;
    }

    @Exported
    public Double getRtoSeconds() {
        return rtoSeconds;
    }

    @Exported
    public double getRtoTargetSeconds() {
        return rtoTargetSeconds;
    }

    /** When it was measured, in milliseconds since the epoch. */
    @Exported
    public long getTime() {
        return timeMillis;
    }

    @Exported
    public String getSummary() {
        return summary;
    }

    /**
     * The tooltip of the badge: while this build holds the component's newest evidence, the figures now (the RPO
     * has grown since the build) and then what the build measured; once a newer build superseded it, what it measured.
     */
    @Exported
    public String getTooltip() {
        return live().map(status -> status.getNowText() + " · at build: " + evidence().tooltip()).orElseGet(() -> supersededBy().map(n -> "superseded by #" + n + " · ").orElse("")
                + "at build: " + evidence().tooltip());
    }

    /** The badge's colour: the verdict now while this is the component's newest evidence, else the one at build. */
    public String getColour() {
        return live().map(LiveStatus::getColour).orElseGet(() -> evidence().colour());
    }

    /**
     * The component's verdict now (COMPLIANT, AT_RISK, STALE, NO_EVIDENCE, VIOLATED) while this build holds its newest
     * evidence; null once a newer build superseded it (see {@link #getSupersededBy}).
     */
    @Exported
    public String getLiveVerdict() {
        return live().map(LiveStatus::getVerdict).orElse(null);
    }

    /** The RPO now, from the component's newest proven recovery point; null when superseded or not measured. */
    @Exported
    public Double getLiveRpoSeconds() {
        return live().map(LiveStatus::getRpoSeconds).orElse(null);
    }

    /** The build holding the component's newer evidence, or null while this one is the newest. */
    @Exported
    public Integer getSupersededBy() {
        return supersededBy().orElse(null);
    }

    /** The verdict the badge shows: now, or at build once superseded. */
    public String getBadgeVerdictLabel() {
        return live().map(LiveStatus::getVerdictLabel).orElseGet(this::getVerdictLabel);
    }

    private Optional<LiveStatus> live() {
        if (run == null) {
            return Optional.empty();
        }
        Job<?, ?> job = run.getParent();
        return EvidenceIndexes.of(job).filter(index -> newestIsThisBuild(index)).map(index -> {
            Instant now = new JenkinsFacade().clock().instant();
            return LiveStatus.of(component, job.getFullName(), index, Schedule.of(job, now), now);
        });
    }

    private boolean newestIsThisBuild(EvidenceIndex index) {
        EvidenceIndex.Entry newest = index.latest().get(component);
        return newest != null && newest.build() == run.getNumber();
    }

    private Optional<Integer> supersededBy() {
        if (run == null) {
            return Optional.empty();
        }
        return EvidenceIndexes.of(run.getParent()).map(index -> index.latest().get(component))
                .filter(newest -> newest.build() != run.getNumber()).map(EvidenceIndex.Entry::build);
    }

    /** {@code 3m12s / 5m}, or {@code n/a / 5m}. */
    public String getRpoText() {
        return EvidenceFormat.measuredVsTarget(java.util.Optional.ofNullable(rpoSeconds), evidence().targets().rpo());
    }

    public String getRtoText() {
        return EvidenceFormat.measuredVsTarget(java.util.Optional.ofNullable(rtoSeconds), evidence().targets().rto());
    }

    public String getVerdictLabel() {
        return verdict.name().replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
    }

    public String getTimeText() {
        return Instant.ofEpochMilli(timeMillis).toString();
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    /** A badge and a summary row only: no page of its own in the side panel. */
    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return Messages.DrEvidenceAction_displayName(component, kind.label());
    }

    @Override
    public String getUrlName() {
        return null;
    }
}
