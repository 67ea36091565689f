package org.drjenkins.engine.manifest;

/**
 * One stored object of a backup.
 *
 * @param key         the object key (same in every region)
 * @param storedBytes bytes in the bucket (after compression and encryption)
 * @param rawBytes    bytes the source produced
 * @param sha256      hex SHA-256 of the stored bytes: {@code aws s3 cp s3://… - | sha256sum} gives the same
 */
public record ArtifactRecord(String key, long storedBytes, long rawBytes, String sha256) {

    /** The file name within the backup's folder, e.g. {@code database.dump.zst.age}. */
    public String fileName() {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
