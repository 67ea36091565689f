package org.drjenkins.engine.drill;

/** What became of a drill phase. */
public enum PhaseStatus {
    PASSED,
    FAILED,
    /** Stopped at its time budget. */
    ABORTED,
    /** Not run: an earlier phase did not pass. */
    SKIPPED
}
