package org.drjenkins.engine.rejoin;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.drjenkins.engine.failover.Marker;
import org.drjenkins.engine.failover.RegionDatabase;
import org.drjenkins.engine.failover.Seconds;

/**
 * The proof that a standby follows a primary: a marker written on the primary has replayed on the standby. A server
 * that merely started, or that runs as a primary of its own, never passes it.
 */
public final class ReplicationProof {

    private ReplicationProof() {
    }

    /**
     * Writes a marker on {@code primary} and waits until {@code standby}, in recovery, has replayed it.
     *
     * @return one line: which marker, from where to where, how long it took
     * @throws RejoinException when the marker has not replayed within {@code within}
     */
    public static String prove(RegionDatabase standby, RegionDatabase primary, Duration within)
            throws RejoinException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        Marker marker = null;
        while (true) {
            try {
                if (marker == null) {
                    marker = primary.writeMarker();
                }
                if (standby.inRecovery() && standby.hasMarker(marker.id())) {
                    return "marker #" + marker.id() + " written on " + primary.region() + " replicated to "
                            + standby.region() + " in " + Seconds.text(Duration.between(marker.at(), Instant.now()));
                }
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new RejoinException("replication from " + primary.region() + " to " + standby.region()
                            + " not working after " + Seconds.text(within) + ": " + RegionDatabase.reason(e));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new RejoinException(standby.region() + " did not replay marker #" + marker.id() + " from "
                        + primary.region() + " within " + Seconds.text(within));
            }
            Thread.sleep(50);
        }
    }
}
