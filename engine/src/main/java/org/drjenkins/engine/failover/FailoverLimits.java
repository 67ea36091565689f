package org.drjenkins.engine.failover;

import java.time.Duration;

/**
 * How long each part of a failover may wait.
 *
 * @param lagGrace         the gate's grace for a standby to replay up to the primary's position before it counts as lag
 * @param catchUp          after fencing, how long to wait for the standby to replay the old primary's last WAL
 * @param promote          how long {@code pg_promote} may take
 * @param postChecks       how long the post-checks may retry until the new primary, its checks and DNS answer
 * @param checkTimeout     per health probe, when the check sets none
 */
public record FailoverLimits(Duration lagGrace, Duration catchUp, Duration promote, Duration postChecks,
        Duration checkTimeout) {

    public static FailoverLimits defaults() {
        return new FailoverLimits(LagMeter.DEFAULT_GRACE, Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(60), RegionChecks.DEFAULT_TIMEOUT);
    }

    public FailoverLimits withCheckTimeout(Duration timeout) {
        return new FailoverLimits(lagGrace, catchUp, promote, postChecks, timeout);
    }

    public FailoverLimits withPostChecks(Duration limit) {
        return new FailoverLimits(lagGrace, catchUp, promote, limit, checkTimeout);
    }
}
