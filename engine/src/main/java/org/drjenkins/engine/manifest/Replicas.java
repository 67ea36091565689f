package org.drjenkins.engine.manifest;

import java.time.Instant;
import java.util.List;

/**
 * Which regions hold a verified copy of a backup. Kept beside the manifest rather than in it, so the manifest stays
 * exactly as it was written when the backup completed.
 */
public record Replicas(String backupId, List<Copy> copies) {

    /** One region's copy, verified by size and SHA-256 of every artifact when it was made. */
    public record Copy(String region, String bucket, Instant copiedAt, boolean verified) {
    }

    public List<String> regions() {
        return copies.stream().filter(Copy::verified).map(Copy::region).toList();
    }
}
