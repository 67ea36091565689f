package org.drjenkins.engine.failover;

import java.util.Optional;
import org.drjenkins.engine.failover.health.Detection;

/**
 * What to fail over and how.
 *
 * @param to        the region to promote
 * @param from      the region to fail over from; empty finds the region whose database is a writable primary now (the
 *                  configured primary when none answers)
 * @param dryRun    check the gates and print the plan, change nothing
 * @param force     act even when gates refuse (recorded in the evidence)
 * @param detection the outage {@code dr watch} or a drill detected; RTO is measured from its first failure, else from
 *                  the start of the failover
 * @param markers   markers written on the old primary, to measure the data lost
 * @param drillId   set when a drill runs the failover: its incident notices say so, so nobody is paged for a rehearsal
 * @param resume    {@code --resume}: continue a failover that stopped after promoting the target (a rerun finds a
 *                  recorded one by itself)
 */
public record FailoverRequest(String to, Optional<String> from, boolean dryRun, boolean force,
        Optional<Detection> detection, Optional<MarkerSource> markers, Optional<String> drillId, boolean resume) {

    public FailoverRequest(String to, Optional<String> from, boolean dryRun, boolean force, Optional<Detection> detection,
            Optional<MarkerSource> markers, Optional<String> drillId) {
        this(to, from, dryRun, force, detection, markers, drillId, false);
    }

    public static FailoverRequest to(String region) {
        return new FailoverRequest(region, Optional.empty(), false, false, Optional.empty(), Optional.empty(),
                Optional.empty(), false);
    }

    /**
     * Finish a failover to this target that stopped half-way (the target promoted, DNS or the post-checks not done),
     * even when no record of it can be read: the servers say what was done.
     */
    public FailoverRequest resuming(boolean resuming) {
        return new FailoverRequest(to, from, dryRun, force, detection, markers, drillId, resuming);
    }

    public FailoverRequest inDrill(String id) {
        return new FailoverRequest(to, from, dryRun, force, detection, markers, Optional.of(id), resume);
    }

    public FailoverRequest from(String region) {
        return new FailoverRequest(to, Optional.of(region), dryRun, force, detection, markers, drillId, resume);
    }

    public FailoverRequest asDryRun(boolean dry) {
        return new FailoverRequest(to, from, dry, force, detection, markers, drillId, resume);
    }

    public FailoverRequest forced(boolean forced) {
        return new FailoverRequest(to, from, dryRun, forced, detection, markers, drillId, resume);
    }

    public FailoverRequest detectedBy(Detection outage) {
        return new FailoverRequest(to, from, dryRun, force, Optional.of(outage), markers, drillId, resume);
    }

    public FailoverRequest measuredBy(MarkerSource source) {
        return new FailoverRequest(to, from, dryRun, force, detection, Optional.of(source), drillId, resume);
    }
}
