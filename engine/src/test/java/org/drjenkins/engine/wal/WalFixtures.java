package org.drjenkins.engine.wal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.config.Compression;
import org.drjenkins.engine.manifest.ArtifactRecord;
import org.drjenkins.engine.manifest.BackupEntry;
import org.drjenkins.engine.manifest.BackupId;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.manifest.VerificationRecord;

/** Archive listings and base backup entries as the store would show them, for the pure WAL rules. */
public final class WalFixtures {

    private WalFixtures() {
    }

    /** One archived file of component "db", archived at {@code at}. */
    public static ArchivedWal archived(String name, Instant at) {
        WalFileName file = WalFileName.require(name);
        String sha = "ab".repeat(32);
        return new ArchivedWal(file, WalKeys.key("db", file, sha, Compression.ZSTD, false), sha, Compression.ZSTD, false, 1000, at);
    }

    /** A complete base backup of "db" that started at {@code startLsn} on {@code timeline} and finished at {@code finished}. */
    public static BackupEntry baseBackup(Instant finished, long timeline, String startLsn, String stopLsn, boolean verified) {
        BackupId id = BackupId.newId(finished.minusSeconds(5));
        Map<String, Object> source = BaseBackupPoint.metadata(timeline, Lsn.parse(startLsn), Lsn.parse(stopLsn), WalFileName.DEFAULT_SEGMENT_SIZE);
        String key = "db/" + id + "/db.base.tar.zst";
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, id.value(), "db", "postgres-cluster", id.startedAt(), finished, finished,
                "zstd", 3, null, List.of(new ArtifactRecord(key, 100, 1000, "cd".repeat(32))), source, "us-east-1", Map.of("name", "dr"), "hint");
        Optional<VerificationRecord> verification = verified
                ? Optional.of(new VerificationRecord(id.value(), finished.plusSeconds(60), true, "restore", List.of(), Map.of(), 30, 60, 1000,
                        List.of(), "test", "dev"))
                : Optional.empty();
        return new BackupEntry("db", id, Optional.of(manifest), Optional.empty(), verification);
    }
}
