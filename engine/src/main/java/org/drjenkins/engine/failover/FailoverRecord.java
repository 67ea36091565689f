package org.drjenkins.engine.failover;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one failover has done so far, written to the buckets of both regions as it goes ({@link FailoverJournal}), so
 * a rerun after a crash or a failed step knows where it stopped. The servers stay the authority on safety (a target
 * that is not in recovery has been promoted, whatever the record says); the record adds what the servers cannot tell:
 * whether DNS was switched and the post-checks passed, and which failover this was.
 *
 * @param id        one failover, kept by its reruns
 * @param from      the old primary region
 * @param to        the region promoted
 * @param forced    a run of it was forced past failing gates
 * @param startedAt the first run's start
 * @param updatedAt the last write
 * @param done      the stages passed, in order: {@link #GATES}, {@link #FENCED}, {@link #PROMOTED},
 *                  {@link #DNS_SWITCHED}, {@link #POST_CHECKS}
 * @param outcome   {@link #IN_PROGRESS}, {@link #STOPPED} (failed after promotion: must be finished),
 *                  {@link #ROLLED_BACK} (failed before promotion, the old primary writable again) or {@link #COMPLETED}
 * @param failure   why the last run stopped; {@code null} when it did not
 * @param remaining what is left to do, one line each; empty when completed or rolled back
 */
public record FailoverRecord(String id, String from, String to, boolean forced, Instant startedAt, Instant updatedAt,
        List<String> done, String outcome, String failure, List<String> remaining) {

    public static final String GATES = "gates-passed";
    public static final String FENCED = "fenced";
    public static final String PROMOTED = "promoted";
    public static final String DNS_SWITCHED = "dns-switched";
    public static final String POST_CHECKS = "post-checks";

    public static final String IN_PROGRESS = "in-progress";
    public static final String STOPPED = "stopped";
    public static final String ROLLED_BACK = "rolled-back";
    public static final String COMPLETED = "completed";

    public FailoverRecord {
        done = done == null ? List.of() : List.copyOf(done);
        remaining = remaining == null ? List.of() : List.copyOf(remaining);
    }

    public static FailoverRecord start(String id, String from, String to, boolean forced, Instant at) {
        return new FailoverRecord(id, from, to, forced, at, at, List.of(), IN_PROGRESS, null, List.of());
    }

    /** In progress or stopped: a rerun of the same failover continues it. */
    public boolean unfinished() {
        return IN_PROGRESS.equals(outcome) || STOPPED.equals(outcome);
    }

    public boolean has(String stage) {
        return done.contains(stage);
    }

    public boolean isFor(String fromRegion, String toRegion) {
        return from.equals(fromRegion) && to.equals(toRegion);
    }

    public FailoverRecord passed(String stage, Instant at) {
        if (has(stage)) {
            return new FailoverRecord(id, from, to, forced, startedAt, at, done, IN_PROGRESS, null, remaining);
        }
        List<String> more = new ArrayList<>(done);
        more.add(stage);
        return new FailoverRecord(id, from, to, forced, startedAt, at, more, IN_PROGRESS, null, remaining);
    }

    public FailoverRecord forcedNow(boolean forcedRun) {
        return new FailoverRecord(id, from, to, forced || forcedRun, startedAt, updatedAt, done, outcome, failure, remaining);
    }

    public FailoverRecord ended(String newOutcome, String why, List<String> left, Instant at) {
        return new FailoverRecord(id, from, to, forced, startedAt, at, done, newOutcome, why, left);
    }

    /** The record of a new attempt of the same failover after a rollback: the fence was undone, so it starts over. */
    public FailoverRecord restarted(Instant at) {
        return new FailoverRecord(id, from, to, forced, startedAt, at, List.of(), IN_PROGRESS, null, List.of());
    }
}
