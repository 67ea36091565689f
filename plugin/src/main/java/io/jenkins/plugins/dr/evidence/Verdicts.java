package io.jenkins.plugins.dr.evidence;

import org.drjenkins.engine.compliance.TargetRule;
import org.drjenkins.engine.compliance.Verdict;

/**
 * The verdict of one step run, by the engine's one rule ({@link TargetRule}): a figure past its target is violated,
 * one within 20 % of it is at risk. A step measures what it can — a backup its recovery point, a
 * verification both figures, an integrity check no restore time — so only measured figures are judged.
 */
public final class Verdicts {
    private Verdicts() {
    }

    /**
     * @param passed whether the operation itself succeeded (a backup stored, a restore verified)
     * @param rpoSeconds the measured RPO, or null when not measured
     * @param rtoSeconds the measured RTO, or null when not measured
     */
    public static Verdict judge(boolean passed, Double rpoSeconds, double rpoTargetSeconds, Double rtoSeconds,
            double rtoTargetSeconds) {
        if (!passed) {
            return Verdict.VIOLATED;
        }
        if (rpoSeconds == null && rtoSeconds == null) {
            return Verdict.NO_EVIDENCE;
        }
        return figure(rpoSeconds, rpoTargetSeconds).worse(figure(rtoSeconds, rtoTargetSeconds));
    }

    /** True when a measured figure is past its target: the operation worked but the plan is not met. */
    public static boolean targetMissed(Double rpoSeconds, double rpoTargetSeconds, Double rtoSeconds,
            double rtoTargetSeconds) {
        return over(rpoSeconds, rpoTargetSeconds) || over(rtoSeconds, rtoTargetSeconds);
    }

    /** One figure's own verdict (COMPLIANT when not measured), e.g. for a point of a chart. */
    static Verdict figure(Double measured, double target) {
        if (measured == null) {
            return Verdict.COMPLIANT;
        }
        return TargetRule.figure(measured, target);
    }

    private static boolean over(Double measured, double target) {
        return measured != null && measured > target;
    }
}
