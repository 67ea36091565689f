package org.drjenkins.engine.manifest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The record of one complete backup, written last: a backup without a manifest is unfinished and never restored.
 * Everything a restore needs without {@code dr} is here in plain JSON.
 *
 * @param formatVersion    1
 * @param backupId         the backup's identity (its folder name)
 * @param component        the component name
 * @param sourceType       postgres, directory or command
 * @param startedAt        when the backup started
 * @param finishedAt       when the last artifact was complete
 * @param consistentAt     the point in time the content reflects (the recovery point)
 * @param compression      zstd, gzip or none
 * @param compressionLevel the level used
 * @param encryption       null when not encrypted
 * @param artifacts        the stored objects with sizes and digests
 * @param source           what the source recorded (row counts, file list, command …)
 * @param primaryRegion    the region the backup was written to first
 * @param tool             name and version of the writer
 * @param restoreHint      the shell pipeline that restores an artifact without dr
 */
public record Manifest(int formatVersion, String backupId, String component, String sourceType, Instant startedAt,
        Instant finishedAt, Instant consistentAt, String compression, int compressionLevel, Encryption encryption,
        List<ArtifactRecord> artifacts, Map<String, Object> source, String primaryRegion, Map<String, String> tool,
        String restoreHint) {

    public static final int FORMAT_VERSION = 1;

    /**
     * What makes this manifest untrustworthy as the record of {@code component/id}: a different identity, a missing
     * recovery point, no artifacts, or an artifact key that leaves the backup's folder. Empty when sound.
     */
    public List<String> problems(String expectedComponent, BackupId id) {
        List<String> problems = new ArrayList<>();
        if (!id.value().equals(backupId)) {
            problems.add("manifest.json names backup " + backupId + ", not its folder's " + id);
        }
        if (!expectedComponent.equals(component)) {
            problems.add("manifest.json names component " + component + ", not its folder's " + expectedComponent);
        }
        if (consistentAt == null || startedAt == null) {
            problems.add("manifest.json has no " + (consistentAt == null ? "consistentAt" : "startedAt"));
        }
        if (artifacts == null || artifacts.isEmpty()) {
            problems.add("manifest.json lists no artifact");
        } else {
            for (ArtifactRecord artifact : artifacts) {
                if (artifact == null || !BackupLayout.isInsideFolder(expectedComponent, id, artifact.key())) {
                    problems.add("manifest.json names artifact key " + (artifact == null ? null : artifact.key())
                            + " outside the backup's folder " + BackupLayout.folder(expectedComponent, id) + " (never fetched)");
                } else if (artifact.sha256() == null) {
                    problems.add("manifest.json has no sha256 for " + artifact.key());
                }
            }
        }
        return problems;
    }

    public boolean encrypted() {
        return encryption != null;
    }

    public long storedBytes() {
        return artifacts.stream().mapToLong(ArtifactRecord::storedBytes).sum();
    }

    public long rawBytes() {
        return artifacts.stream().mapToLong(ArtifactRecord::rawBytes).sum();
    }
}
