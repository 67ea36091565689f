package org.drjenkins.engine.backup;

import java.time.Instant;
import java.util.List;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.retention.RetentionDecision;

/**
 * A completed backup: the manifest, where it is, and what copying and retention did afterwards.
 *
 * @param manifest        as stored
 * @param location        {@code s3://bucket/component/backupId/} in the primary region
 * @param regions         regions holding a verified copy, primary first
 * @param copyFailures    one line per region whose copy failed (the backup itself is complete in the primary)
 * @param retention       decisions per region, for the log
 * @param durationSeconds wall time from start to the manifest and copies
 */
public record BackupResult(Manifest manifest, String location, List<String> regions, List<String> copyFailures,
        List<RetentionDecision> retention, double durationSeconds) {

    public Instant consistentAt() {
        return manifest.consistentAt();
    }

    public boolean fullySucceeded() {
        return copyFailures.isEmpty();
    }
}
