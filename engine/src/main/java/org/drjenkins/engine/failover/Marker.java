package org.drjenkins.engine.failover;

import java.time.Instant;

/**
 * One row of {@code dr_marker}: a write whose commit time and WAL position are known, so that comparing the last one
 * committed on the old primary with the newest one on the promoted server measures the data a failover lost.
 *
 * @param id  from the table's sequence
 * @param at  when it was written ({@code clock_timestamp()} on the server)
 * @param lsn the server's WAL position when it was written
 */
public record Marker(long id, Instant at, String lsn) {
}
