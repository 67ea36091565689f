package org.drjenkins.engine.failover;

import java.time.Instant;

/**
 * One action of a failover, as done (or planned, in a dry run).
 *
 * @param name    fence, catch-up, promote, switch-dns, post-checks, undo-fence
 * @param status  what became of it
 * @param at      when it started; {@code null} for a planned step
 * @param seconds how long it took
 * @param detail  what it did or why it failed, one line
 */
public record Step(String name, Status status, Instant at, double seconds, String detail) {

    public enum Status {
        /** Done as planned. */
        DONE,
        /** Tried and failed: the steps after it did not run. */
        FAILED,
        /** Not needed (no DNS configured, the old primary did not answer). */
        SKIPPED,
        /** A dry run's step: what would be done. */
        PLANNED
    }

    public static Step planned(String name, String detail) {
        return new Step(name, Status.PLANNED, null, 0, detail);
    }

    @Override
    public String toString() {
        return name + " " + status + (status == Status.PLANNED ? "" : " in " + Seconds.text(seconds)) + ": " + detail;
    }
}
