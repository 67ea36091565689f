package org.drjenkins.engine.compliance;

import java.time.Duration;
import java.util.Optional;

/**
 * The standing of one measured figure (an RTO or an RPO) against its own target, by the same rule the component's
 * verdict uses: a report colours each figure by this, so an RTO well inside its target is never shown red because the
 * RPO was violated.
 */
public final class FigureVerdict {

    private FigureVerdict() {
    }

    /** NO_EVIDENCE when not measured; VIOLATED past the target; AT_RISK within 20% of it; else COMPLIANT. */
    public static Verdict of(Optional<Double> measuredSeconds, Duration target) {
        if (measuredSeconds.isEmpty()) {
            return Verdict.NO_EVIDENCE;
        }
        double limit = ComplianceEvaluator.seconds(target);
        double measured = measuredSeconds.get();
        if (measured > limit) {
            return Verdict.VIOLATED;
        }
        return measured > limit * ComplianceEvaluator.RISK_MARGIN ? Verdict.AT_RISK : Verdict.COMPLIANT;
    }
}
