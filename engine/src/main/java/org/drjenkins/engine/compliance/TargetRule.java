package org.drjenkins.engine.compliance;

import java.time.Duration;
import java.time.Instant;

/**
 * The one rule that turns a measured figure into a verdict against its target, used by {@link ComplianceEvaluator},
 * {@link WalArchiveEvaluator}, the CLI and the plugin's pages alike: past the target is VIOLATED, above
 * {@value #RISK_MARGIN} of it AT_RISK. The RPO is a function of time, not a number frozen when a backup ran: it is
 * always {@code now − the newest proven recovery point}, so {@link #rpoNow} is what every page renders.
 */
public final class TargetRule {

    /** A figure above this fraction of its target is at risk. */
    public static final double RISK_MARGIN = 0.8;

    private TargetRule() {
    }

    /** COMPLIANT, AT_RISK (above {@value #RISK_MARGIN} of the target) or VIOLATED (past it). */
    public static Verdict figure(double measuredSeconds, double targetSeconds) {
        if (measuredSeconds > targetSeconds) {
            return Verdict.VIOLATED;
        }
        return measuredSeconds > targetSeconds * RISK_MARGIN ? Verdict.AT_RISK : Verdict.COMPLIANT;
    }

    public static Verdict figure(double measuredSeconds, Duration target) {
        return figure(measuredSeconds, seconds(target));
    }

    /** How much would be lost at {@code now}: the age of the recovery point, never negative (clock skew). */
    public static double rpoSeconds(Instant recoveryPoint, Instant now) {
        return Math.max(0, Duration.between(recoveryPoint, now).toMillis() / 1000.0);
    }

    /** The RPO's verdict at {@code now}: it worsens as time passes without a newer recovery point. */
    public static Verdict rpoNow(Instant recoveryPoint, Duration target, Instant now) {
        return figure(rpoSeconds(recoveryPoint, now), target);
    }

    /** When a recovery point's RPO crosses its target: from then on it is VIOLATED with no new build. */
    public static Instant violatedAfter(Instant recoveryPoint, Duration target) {
        return recoveryPoint.plus(target);
    }

    static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
