package org.drjenkins.engine.failover;

import java.time.Duration;
import java.util.Optional;

/**
 * The data a failover lost: the RPO achieved.
 *
 * @param seconds     commits lost, as a time span; {@code null} when not measurable
 * @param bytes       WAL bytes lost, when known
 * @param markersLost markers committed on the old primary that the new one lacks, when markers were written
 * @param basis       how it was measured, one line
 */
public record DataLoss(Double seconds, Long bytes, Long markersLost, String basis) {

    public static DataLoss notMeasurable(String why) {
        return new DataLoss(null, null, null, why);
    }

    /**
     * From markers: the last one the old primary committed against the newest on the promoted server. Everything
     * committed after the newest surviving marker up to the last committed one is lost.
     */
    public static DataLoss fromMarkers(Marker lastOnOld, Optional<Marker> newestOnNew, Optional<Marker> firstOnOld) {
        if (newestOnNew.isPresent() && newestOnNew.get().id() >= lastOnOld.id()) {
            return new DataLoss(0.0, 0L, 0L, "markers: the last one committed on the old primary (#" + lastOnOld.id()
                    + " at " + lastOnOld.at() + ") is on the promoted server");
        }
        if (newestOnNew.isEmpty()) {
            Marker first = firstOnOld.orElse(lastOnOld);
            return new DataLoss(Seconds.between(first.at(), lastOnOld.at()), Lsn.bytesBetween(first.lsn(), lastOnOld.lsn()),
                    lastOnOld.id() - first.id() + 1, "markers: none of those committed on the old primary (#" + first.id()
                    + " to #" + lastOnOld.id() + ") reached the promoted server");
        }
        Marker newest = newestOnNew.get();
        return new DataLoss(Seconds.of(Duration.between(newest.at(), lastOnOld.at())),
                Lsn.bytesBetween(newest.lsn(), lastOnOld.lsn()), lastOnOld.id() - newest.id(),
                "markers: the newest on the promoted server is #" + newest.id() + " at " + newest.at()
                        + ", the last committed on the old primary #" + lastOnOld.id() + " at " + lastOnOld.at());
    }

    /** From the standby's replication lag (at the decision, or what it had not replayed when promoted). */
    public static DataLoss fromLag(ReplicationLag lag, String when) {
        if (lag.caughtUp()) {
            return new DataLoss(0.0, 0L, null, "replication lag " + when + ": " + lag.describe());
        }
        return new DataLoss(lag.lag() == null ? null : Seconds.of(lag.lag()), lag.bytes(), null,
                "replication lag " + when + ": " + lag.describe());
    }
}
