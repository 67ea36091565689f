package org.drjenkins.engine.failover;

import java.time.Instant;

/**
 * What one watcher saw of the primary in its last round of probes, as it writes it to the buckets for the other
 * watchers' quorum ({@value WatchObservations#PREFIX}WATCHER.json).
 *
 * @param watcher  the region the watcher runs in ({@code dr watch --region}): one vote per region
 * @param observed the region it watches, the primary as it found it
 * @param down     every check of {@code observed} failed in that round
 * @param since    when the current state began: the first failed round of an unbroken run when down, else the first
 *                 healthy round after one
 * @param at       when the round ran
 */
public record WatchObservation(String watcher, String observed, boolean down, Instant since, Instant at) {
}
