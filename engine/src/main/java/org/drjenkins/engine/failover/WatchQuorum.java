package org.drjenkins.engine.failover;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * When watchers may fail over ({@code watch.quorum}): {@code needed} watchers, each in a different region, see the
 * primary down for the failover threshold. An observation older than two health-check intervals is a watcher that
 * stopped (or cannot write) and does not count, so a watcher that died seeing an outage cannot vote for one later.
 *
 * @param needed    watchers in different regions that must agree
 * @param threshold how long each must have seen every check fail
 * @param interval  the health-check interval: observations are fresh for two of them
 */
public record WatchQuorum(int needed, Duration threshold, Duration interval) {

    /** The watchers whose fresh observations say {@code primary} has been down for the threshold. */
    public List<WatchObservation> agreeing(Collection<WatchObservation> observations, String primary, Instant now) {
        Instant freshAfter = now.minus(interval.multipliedBy(2));
        Instant downBefore = now.minus(threshold);
        return observations.stream()
                .filter(o -> o.observed().equals(primary) && o.down())
                .filter(o -> !o.at().isBefore(freshAfter))
                .filter(o -> !o.since().isAfter(downBefore))
                .toList();
    }

    public boolean reached(Collection<WatchObservation> observations, String primary, Instant now) {
        return agreeing(observations, primary, now).stream().map(WatchObservation::watcher).distinct().count() >= needed;
    }
}
