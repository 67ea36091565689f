package org.drjenkins.engine.failover;

import java.time.Duration;

/**
 * How far a standby was behind its primary when measured.
 *
 * @param bytes      WAL bytes the standby had not replayed
 * @param lag        time since the last transaction the standby replayed, when it was behind; zero when caught up;
 *                   {@code null} when behind and it has replayed no transaction yet (not measurable)
 * @param primaryLsn the primary's WAL position
 * @param replayLsn  the standby's replay position
 * @param paused     whether replay was paused ({@code pg_wal_replay_pause()})
 */
public record ReplicationLag(long bytes, Duration lag, String primaryLsn, String replayLsn, boolean paused) {

    public boolean caughtUp() {
        return bytes == 0;
    }

    public String describe() {
        if (caughtUp()) {
            return "caught up at " + replayLsn;
        }
        return bytes + " bytes behind (replayed " + replayLsn + ", primary at " + primaryLsn + ")"
                + (lag == null ? ", no transaction replayed yet" : ", last replayed transaction " + Seconds.text(lag) + " ago")
                + (paused ? ", replay is paused" : "");
    }
}
