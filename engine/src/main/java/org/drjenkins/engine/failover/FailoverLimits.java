package org.drjenkins.engine.failover;

import java.time.Duration;

/**
 * How long each part of a failover may wait. Every wait of a failover is one of these, so none is a number hidden in
 * the code that talks to the servers.
 *
 * @param lagGrace     the gate's grace for a standby to replay up to the primary's position before it counts as lag
 * @param catchUp      after fencing, how long to wait for the standby to replay the old primary's last WAL
 * @param promote      how long {@code pg_promote} may take
 * @param postChecks   how long the post-checks may retry until the new primary, its checks and DNS answer
 * @param checkTimeout per health probe, when the check sets none
 * @param connect      to open a connection to a region's server: a dead server refuses at once, an unreachable host
 *                     must not stall the gates
 * @param statement    for one statement of the failover (fence, unfence, a setting, a marker)
 * @param fenceConfirm how long a fence may take to show on new sessions before it counts as not holding
 * @param command      for a {@code fenceCommand} or a {@code pg_ctl stop} of a local server
 */
public record FailoverLimits(Duration lagGrace, Duration catchUp, Duration promote, Duration postChecks,
        Duration checkTimeout, Duration connect, Duration statement, Duration fenceConfirm, Duration command) {

    public static final Duration DEFAULT_CONNECT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_STATEMENT = Duration.ofSeconds(30);
    /** A reload reaches new sessions within milliseconds; seconds mean the server is not applying it. */
    public static final Duration DEFAULT_FENCE_CONFIRM = Duration.ofSeconds(5);
    public static final Duration DEFAULT_COMMAND = Duration.ofSeconds(120);
    /**
     * How much longer than the promotion's own wait a {@code pg_promote(wait => true)} call may take to answer before
     * its connection counts as hung: the server answers right after the wait ends.
     */
    public static final Duration PROMOTE_ANSWER_SLACK = Duration.ofSeconds(10);
    /** How often a wait for the servers (a fence to show, sessions to end) looks again: cheap, and well under a second. */
    public static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    /** One pg_rewind or pg_basebackup of a rejoin: a base backup copies the whole cluster. */
    public static final Duration DEFAULT_REJOIN_TOOL = Duration.ofMinutes(30);
    /** A region's rejoinCommand (an operator's script may rebuild a server on another machine). */
    public static final Duration DEFAULT_REJOIN_COMMAND = Duration.ofMinutes(30);
    /** For a rejoined standby to replay the marker written on the new primary. */
    public static final Duration DEFAULT_REJOIN_PROOF = Duration.ofSeconds(30);

    public FailoverLimits(Duration lagGrace, Duration catchUp, Duration promote, Duration postChecks,
            Duration checkTimeout) {
        this(lagGrace, catchUp, promote, postChecks, checkTimeout, DEFAULT_CONNECT, DEFAULT_STATEMENT,
                DEFAULT_FENCE_CONFIRM, DEFAULT_COMMAND);
    }

    public static FailoverLimits defaults() {
        return new FailoverLimits(LagMeter.DEFAULT_GRACE, Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(60), RegionChecks.DEFAULT_TIMEOUT);
    }

    public FailoverLimits withCheckTimeout(Duration timeout) {
        return new FailoverLimits(lagGrace, catchUp, promote, postChecks, timeout, connect, statement, fenceConfirm, command);
    }

    public FailoverLimits withPostChecks(Duration limit) {
        return new FailoverLimits(lagGrace, catchUp, promote, limit, checkTimeout, connect, statement, fenceConfirm, command);
    }

    public FailoverLimits withFenceConfirm(Duration limit) {
        return new FailoverLimits(lagGrace, catchUp, promote, postChecks, checkTimeout, connect, statement, limit, command);
    }

    public FailoverLimits withCatchUp(Duration limit) {
        return new FailoverLimits(lagGrace, limit, promote, postChecks, checkTimeout, connect, statement, fenceConfirm, command);
    }
}
