package org.drjenkins.engine.failover;

import java.sql.SQLException;
import java.time.Duration;

/**
 * Measures how far a standby is behind its primary. The primary's position is read once; the standby then gets a short
 * grace to replay up to it, because a healthy streaming standby is always a few milliseconds behind a busy primary and
 * that must not count as lag. When it does not catch up, the lag is the time since the last transaction it replayed:
 * everything committed after that would be lost by promoting it now.
 */
public final class LagMeter {

    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(2);

    private final Duration grace;

    public LagMeter(Duration grace) {
        this.grace = grace;
    }

    public ReplicationLag measure(RegionDatabase primary, RegionDatabase standby) throws SQLException, InterruptedException {
        String primaryLsn = primary.currentLsn();
        return awaitReplay(standby, primaryLsn, grace);
    }

    /** Waits up to {@code limit} for {@code standby} to replay up to {@code lsn}; the lag at the end. */
    public static ReplicationLag awaitReplay(RegionDatabase standby, String lsn, Duration limit)
            throws SQLException, InterruptedException {
        long target = Lsn.parse(lsn);
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            RegionDatabase.ReplayState state = standby.replayState();
            long replayed = Lsn.parse(state.replayLsn());
            if (replayed >= target) {
                return new ReplicationLag(0, Duration.ZERO, lsn, state.replayLsn(), state.paused());
            }
            if (System.nanoTime() > deadline) {
                Duration lag = state.lastReplayed() == null ? null : Duration.between(state.lastReplayed(), state.now());
                return new ReplicationLag(Lsn.bytesBetween(state.replayLsn(), lsn), lag, lsn, state.replayLsn(),
                        state.paused());
            }
            Thread.sleep(25);
        }
    }
}
