package org.drjenkins.engine.wal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.drjenkins.engine.storage.ObjectInfo;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreException;

/**
 * Copies archived WAL from the primary region to another region, apart from {@code archive_command} (which must stay
 * quick and depends on the primary store only). What a region lacks is found by comparing listings; since a key
 * holds the content's digest, an identical key is an identical file. Run by {@code dr wal-replicate} (once, or
 * continuously with {@code --every}) and after every base backup of the component.
 */
public final class WalReplicator {

    /**
     * How far a region's copy is behind the primary.
     *
     * @param region         the region
     * @param missing        files the primary holds and the region does not
     * @param oldestMissing  when the primary received the oldest of them
     * @param lagSeconds     now − {@code oldestMissing}: how much archived WAL a failover to this region would lose;
     *                       0 when nothing is missing
     */
    public record Lag(String region, int missing, Optional<Instant> oldestMissing, double lagSeconds) {

        public static Lag of(String region, List<ArchivedWal> primary, List<ArchivedWal> copy, Instant now) {
            Set<String> present = copy.stream().map(ArchivedWal::key).collect(Collectors.toSet());
            List<ArchivedWal> absent = primary.stream().filter(w -> !present.contains(w.key())).toList();
            Optional<Instant> oldest = absent.stream().map(ArchivedWal::archivedAt).min(Instant::compareTo);
            double lag = oldest.map(o -> Math.max(0, Duration.between(o, now).toMillis() / 1000.0)).orElse(0.0);
            return new Lag(region, absent.size(), oldest, lag);
        }
    }

    /** One pass: {@code copied} files copied, {@code failures} one line per file that could not be, the lag after it. */
    public record Result(String region, int copied, List<String> failures, Lag lagAfter) {
    }

    private final Clock clock;

    public WalReplicator(Clock clock) {
        this.clock = clock;
    }

    public Result sync(ObjectStore primary, ObjectStore target, String component) {
        List<ArchivedWal> source = new WalArchive(primary, component).list();
        List<ArchivedWal> copy = new ArrayList<>(new WalArchive(target, component).list());
        Set<String> present = copy.stream().map(ArchivedWal::key).collect(Collectors.toSet());
        int copied = 0;
        List<String> failures = new ArrayList<>();
        for (ArchivedWal wal : source) {
            if (present.contains(wal.key())) {
                continue;
            }
            try {
                ObjectInfo stored = target.copyFrom(primary, wal.key());
                if (stored.size() != wal.storedBytes()) {
                    // The copy is wrong: leave no object that looks like an archived file.
                    target.delete(wal.key());
                    failures.add(wal.name() + ": the copy in " + target.regionName() + " has " + stored.size() + " bytes, the original "
                            + wal.storedBytes());
                    continue;
                }
                copy.add(wal);
                copied++;
            } catch (StoreException e) {
                failures.add(wal.name() + ": " + e.getMessage());
            }
        }
        return new Result(target.regionName(), copied, failures, Lag.of(target.regionName(), source, copy, clock.instant()));
    }
}
