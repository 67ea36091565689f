package org.drjenkins.engine.rejoin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one rejoin has done so far, written to the buckets of both regions as it goes ({@link RejoinJournal}), so a
 * rerun after a failure part-way continues from the first unfinished step instead of rewinding a server that is
 * already rewound. The servers stay the authority on safety (a rerun refuses an old primary that takes writes, whatever
 * the record says); the record adds what the servers cannot tell: which resync was done and where a base backup moved
 * the old data directory.
 *
 * @param id        one rejoin, kept by its reruns
 * @param region    the old primary being rejoined
 * @param primary   the region it is to follow
 * @param startedAt the first run's start
 * @param updatedAt the last write
 * @param done      the steps passed, in order: {@link #LEASE}, one of {@link #PG_REWIND}, {@link #BASE_BACKUP} or
 *                  {@link #COMMAND}, {@link #CONFIGURED}, {@link #STARTED}, {@link #MARKER_REPLAYED}
 * @param method    how it was resynchronised, as {@link RejoinResult#method()} says; {@code null} before that
 * @param aside     where a base backup moved the old data directory (deleted once the standby is proven); or null
 * @param outcome   {@link #IN_PROGRESS}, {@link #STOPPED} (failed part-way: a rerun continues it) or {@link #COMPLETED}
 * @param failure   why the last run stopped; {@code null} when it did not
 * @param remaining what is left to do, one line each; empty when completed
 */
public record RejoinRecord(String id, String region, String primary, Instant startedAt, Instant updatedAt,
        List<String> done, String method, String aside, String outcome, String failure, List<String> remaining) {

    public static final String LEASE = "lease taken";
    public static final String PG_REWIND = "pg_rewind";
    public static final String BASE_BACKUP = "base backup";
    public static final String COMMAND = "rejoinCommand";
    public static final String CONFIGURED = "configured as standby";
    public static final String STARTED = "started";
    public static final String MARKER_REPLAYED = "marker replayed";

    public static final String IN_PROGRESS = "in-progress";
    public static final String STOPPED = "stopped";
    public static final String COMPLETED = "completed";

    public RejoinRecord {
        done = done == null ? List.of() : List.copyOf(done);
        remaining = remaining == null ? List.of() : List.copyOf(remaining);
    }

    public static RejoinRecord start(String id, String region, String primary, Instant at) {
        return new RejoinRecord(id, region, primary, at, at, List.of(), null, null, IN_PROGRESS, null, List.of());
    }

    /** In progress or stopped: a rerun of the same rejoin continues it. */
    public boolean unfinished() {
        return IN_PROGRESS.equals(outcome) || STOPPED.equals(outcome);
    }

    public boolean isFor(String oldRegion, String primaryRegion) {
        return region.equals(oldRegion) && primary.equals(primaryRegion);
    }

    public boolean has(String step) {
        return done.contains(step);
    }

    /** The resync is done and the server configured to follow: what is left is to start it and prove it. */
    public boolean resynced() {
        return has(CONFIGURED);
    }

    public RejoinRecord passed(String step, Instant at) {
        List<String> more = new ArrayList<>(done);
        if (!more.contains(step)) {
            more.add(step);
        }
        return new RejoinRecord(id, region, primary, startedAt, at, more, method, aside, IN_PROGRESS, null, remaining);
    }

    public RejoinRecord resynced(String how, String step, String movedAside, Instant at) {
        return new RejoinRecord(id, region, primary, startedAt, at, done, how, movedAside, IN_PROGRESS, null, remaining)
                .passed(step, at);
    }

    /** A new resync of the same rejoin: what an earlier run did to the server no longer counts. */
    public RejoinRecord resyncAgain(Instant at) {
        return new RejoinRecord(id, region, primary, startedAt, at, done.contains(LEASE) ? List.of(LEASE) : List.of(),
                null, aside, IN_PROGRESS, null, List.of());
    }

    public RejoinRecord ended(String newOutcome, String why, List<String> left, Instant at) {
        return new RejoinRecord(id, region, primary, startedAt, at, done, method, aside, newOutcome, why, left);
    }
}
