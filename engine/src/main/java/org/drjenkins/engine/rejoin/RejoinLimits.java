package org.drjenkins.engine.rejoin;

import java.time.Duration;
import org.drjenkins.engine.failover.FailoverLimits;

/**
 * How long each part of a rejoin may take.
 *
 * @param tool    one pg_rewind or pg_basebackup (a base backup copies the whole cluster)
 * @param command a region's {@code rejoinCommand}
 * @param proof   for the marker written on the new primary to replay on the rejoined standby
 */
public record RejoinLimits(Duration tool, Duration command, Duration proof) {

    public static RejoinLimits defaults() {
        return new RejoinLimits(FailoverLimits.DEFAULT_REJOIN_TOOL, FailoverLimits.DEFAULT_REJOIN_COMMAND,
                FailoverLimits.DEFAULT_REJOIN_PROOF);
    }

    public RejoinLimits withProof(Duration limit) {
        return new RejoinLimits(tool, command, limit);
    }
}
