package org.drjenkins.engine.restore;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.drjenkins.engine.wal.Lsn;

/**
 * How far a point-in-time restore replays the archived WAL: to the end of the archive, to a moment (the last
 * transaction committed at or before it is the last one restored), or to a WAL position.
 */
public record RecoveryTarget(Optional<Instant> time, Optional<Lsn> lsn) {

    /** Replay everything archived. */
    public static final RecoveryTarget END = new RecoveryTarget(Optional.empty(), Optional.empty());

    private static final DateTimeFormatter POSTGRES_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

    public RecoveryTarget {
        time = time == null ? Optional.empty() : time.map(t -> t.truncatedTo(ChronoUnit.MICROS)); // PostgreSQL's precision
        lsn = lsn == null ? Optional.empty() : lsn;
        if (time.isPresent() && lsn.isPresent()) {
            throw new IllegalArgumentException("a restore stops at a time or at a WAL position, not both");
        }
    }

    public static RecoveryTarget time(Instant time) {
        return new RecoveryTarget(Optional.of(time), Optional.empty());
    }

    public static RecoveryTarget lsn(Lsn lsn) {
        return new RecoveryTarget(Optional.empty(), Optional.of(lsn));
    }

    public boolean isEnd() {
        return time.isEmpty() && lsn.isEmpty();
    }

    /** The recovery settings for postgresql.conf. */
    String settings() {
        if (time.isPresent()) {
            return "recovery_target_time = '" + POSTGRES_TIME.format(time.get()) + "'\n";
        }
        return lsn.map(l -> "recovery_target_lsn = '" + l + "'\n").orElse("");
    }

    @Override
    public String toString() {
        return time.map(t -> "time " + t).or(() -> lsn.map(l -> "WAL position " + l)).orElse("the end of the archive");
    }
}
