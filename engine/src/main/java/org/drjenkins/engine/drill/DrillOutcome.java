package org.drjenkins.engine.drill;

/** How a drill ended. */
public enum DrillOutcome {
    /** Every phase passed and every component met its targets. */
    PASSED,
    /** A phase failed, or a component missed a target. */
    FAILED,
    /** A phase ran out of its time budget; the system was rolled back. */
    ABORTED
}
