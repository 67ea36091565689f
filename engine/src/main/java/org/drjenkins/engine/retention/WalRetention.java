package org.drjenkins.engine.retention;

import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.manifest.BackupEntry;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.wal.ArchivedWal;
import org.drjenkins.engine.wal.BaseBackupPoint;
import org.drjenkins.engine.wal.WalArchive;
import org.drjenkins.engine.wal.WalFileName;

/**
 * WAL follows the base backups: a file is needed only by a base backup that starts at or before it, so once retention
 * has removed the old base backups, the WAL before the oldest kept one's start can go too. Timeline history files are
 * always kept: they are tiny, and recovery reads them to follow every promotion since the beginning.
 * <p>
 * Nothing is deleted while no complete base backup is kept (the WAL is then all there is).
 */
public final class WalRetention {

    /**
     * What pruning decided.
     *
     * @param keepFrom the oldest kept base backup's first segment, from which on everything is kept; empty when no
     *                 base backup is kept and nothing was pruned
     * @param delete   the files that go (or went)
     * @param kept     how many files stay
     */
    public record Plan(Optional<WalFileName> keepFrom, List<ArchivedWal> delete, int kept) {
    }

    private WalRetention() {
    }

    /** Pure: which archived files no kept base backup needs. */
    public static Plan plan(List<ArchivedWal> archive, List<BackupEntry> keptBackups) {
        Optional<BaseBackupPoint> oldest = keptBackups.stream().filter(BackupEntry::complete)
                .map(e -> BaseBackupPoint.of(e.manifest().orElseThrow())).flatMap(Optional::stream)
                .min(java.util.Comparator.comparingLong(BaseBackupPoint::startSegment));
        if (oldest.isEmpty()) {
            return new Plan(Optional.empty(), List.of(), archive.size());
        }
        long boundary = oldest.get().startSegment();
        long segmentSize = oldest.get().segmentSize();
        List<ArchivedWal> delete = archive.stream()
                .filter(w -> w.file().kind() != WalFileName.Kind.HISTORY)
                .filter(w -> w.file().segmentNumber(segmentSize) < boundary).toList();
        return new Plan(Optional.of(oldest.get().startSegmentName()), delete, archive.size() - delete.size());
    }

    /** Plans against the component's archive in {@code store} and, unless {@code dryRun}, deletes. */
    public static Plan apply(ObjectStore store, String component, List<BackupEntry> keptBackups, boolean dryRun) {
        Plan plan = plan(new WalArchive(store, component).list(), keptBackups);
        if (!dryRun) {
            for (ArchivedWal wal : plan.delete()) {
                store.delete(wal.key());
            }
        }
        return plan;
    }
}
