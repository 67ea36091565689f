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

    /** NO_EVIDENCE when not measured, else {@link TargetRule#figure}: the component verdict's own rule. */
    public static Verdict of(Optional<Double> measuredSeconds, Duration target) {
        return measuredSeconds.map(measured -> TargetRule.figure(measured, target)).orElse(Verdict.NO_EVIDENCE);
    }
}
