package org.drjenkins.engine.rejoin;

import java.time.Duration;
import java.util.List;
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
 * @param done      every step of this rejoin, in order ({@link RejoinRecord}'s names), those of earlier runs included
 * @param continued the steps an earlier run that stopped part-way had done, which this run did not repeat; empty when
 *                  this run did it all
 */
public record RejoinResult(String region, String primary, String method, Duration took, String proof, List<String> done,
        List<String> continued) {

    public RejoinResult {
        done = done == null ? List.of() : List.copyOf(done);
        continued = continued == null ? List.of() : List.copyOf(continued);
    }

    public RejoinResult(String region, String primary, String method, Duration took, String proof) {
        this(region, primary, method, took, proof, List.of(), List.of());
    }

    /** One line for progress, drill phases and the command's output. */
    public String line() {
        return region + " rejoined as a standby of " + primary + " with " + method + " in " + Seconds.text(took) + "; "
                + proof + (continued.isEmpty() ? "" : " (continued a rejoin that had stopped after: "
                        + String.join(", ", continued) + ")");
    }
}
