package org.drjenkins.engine.restore;

import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.manifest.BackupEntry;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.util.Parameter;
import org.drjenkins.engine.wal.BaseBackupPoint;

/**
 * Which base backup a point-in-time restore starts from: the newest one that had finished before the target (recovery
 * cannot stop before a base backup is consistent), which leaves the least WAL to replay.
 */
final class BaseBackupChoice {

    private BaseBackupChoice() {
    }

    /** @param entries the component's backups, oldest first */
    static BackupEntry newestBefore(List<BackupEntry> entries, String component, RecoveryTarget target) {
        BackupEntry earliest = null;
        for (int i = entries.size() - 1; i >= 0; i--) {
            BackupEntry entry = entries.get(i);
            Optional<BaseBackupPoint> point = entry.manifest().flatMap(BaseBackupPoint::of);
            if (point.isEmpty()) {
                continue;
            }
            earliest = entry;
            if (usable(point.get(), target)) {
                return entry;
            }
        }
        if (earliest == null) {
            throw InvalidRequestException.of(Parameter.BACKUP.given("latest"), ": no complete base backup of " + component
                    + " found; run dr backup --component " + component);
        }
        BaseBackupPoint first = BaseBackupPoint.of(earliest.manifest().orElseThrow()).orElseThrow();
        throw InvalidRequestException.of(target.time().isPresent() ? Parameter.TO_TIME.given(target.time().get())
                : Parameter.TO_LSN.given(target.lsn().orElseThrow()), ": no base backup of " + component + " had finished by then; the"
                + " earliest point to restore to is " + first.consistentAt() + " (" + first.stopLsn() + ", backup " + first.backupId() + ")");
    }

    /** Refuses an explicitly chosen backup that finished after the target. */
    static void requireUsable(BackupEntry entry, RecoveryTarget target) {
        BaseBackupPoint point = entry.manifest().flatMap(BaseBackupPoint::of).orElseThrow(() -> InvalidRequestException.of(
                Parameter.BACKUP.given(entry.id()), ": its manifest records no WAL range, so WAL cannot be replayed onto it"));
        if (!usable(point, target)) {
            throw InvalidRequestException.of(Parameter.BACKUP.given(entry.id()), " finished at " + point.consistentAt() + " (" + point.stopLsn()
                    + "), after the target " + target + ": choose an older backup or leave ", Parameter.BACKUP, " out");
        }
    }

    private static boolean usable(BaseBackupPoint point, RecoveryTarget target) {
        if (target.time().isPresent()) {
            return point.consistentAt().isBefore(target.time().get());
        }
        return target.lsn().map(lsn -> point.stopLsn().compareTo(lsn) <= 0).orElse(true);
    }
}
