package org.drjenkins.engine.backup;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.drjenkins.engine.manifest.ArtifactRecord;
import org.drjenkins.engine.manifest.BackupId;
import org.drjenkins.engine.manifest.BackupLayout;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.manifest.VerificationRecord;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.util.Json;

/** Writes backups "from the past" straight into a bucket, as an earlier run would have left them. */
final class RetentionFixtures {

    private RetentionFixtures() {
    }

    static String storeOldBackup(ObjectStore store, String component, Instant startedAt, boolean verified) {
        try (store) {
            BackupId id = BackupId.newId(startedAt);
            String artifactKey = BackupLayout.artifactKey(component, id, component + ".out.zst");
            var stored = store.putBytes(artifactKey, new byte[] {1, 2, 3}, "application/octet-stream");
            Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, id.value(), component, "command", startedAt, startedAt, startedAt, "zstd", 3, null,
                    List.of(new ArtifactRecord(artifactKey, 3, 3, stored.sha256())), Map.of(), "us-east-1", Map.of("name", "dr"), "hint");
            store.putBytes(BackupLayout.manifestKey(component, id), Json.toBytes(manifest), "application/json");
            if (verified) {
                VerificationRecord record = new VerificationRecord(id.value(), startedAt.plusSeconds(60), true, "restore", List.of(), Map.of(), 1, 60, 3,
                        List.of(), "test", "dev");
                store.putBytes(BackupLayout.verificationKey(component, id), Json.toBytes(record), "application/json");
            }
            return id.value();
        }
    }
}
