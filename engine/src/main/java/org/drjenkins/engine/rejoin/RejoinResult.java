package org.drjenkins.engine.rejoin;

import java.time.Duration;
import org.drjenkins.engine.failover.Seconds;

/**
 * A rejoin that was proven.
 *
 * @param region    the old primary, now a standby
 * @param primary   the region it follows
 * @param method    how: {@code pg_rewind}, {@code a fresh base backup (pg_rewind failed: …)}, {@code its rejoinCommand},
 *                  or {@code nothing (already its standby)}
 * @param took      from the start of the rejoin to the server's start, before the proof
 * @param proof     the marker line of {@link ReplicationProof}
 */
public record RejoinResult(String region, String primary, String method, Duration took, String proof) {

    /** One line for progress, drill phases and the command's output. */
    public String line() {
        return region + " rejoined as a standby of " + primary + " with " + method + " in " + Seconds.text(took) + "; "
                + proof;
    }
}
