package org.drjenkins.engine.assets;

import java.time.Instant;

/**
 * One object of the origin as a backup recorded it.
 *
 * @param key          the key in the origin bucket
 * @param size         bytes
 * @param etag         the origin's ETag when listed (what the next run compares); null when the store gives none
 * @param lastModified the origin's last-modified time, the fallback comparison without an ETag
 * @param sha256       lowercase hex SHA-256 of the bytes, read once when the object was new or changed; the copy in
 *                     every other region is stored under this digest
 */
public record AssetObject(String key, long size, String etag, Instant lastModified, String sha256) {

    /** True when the origin's {@code listed} version is the one this record describes (so it need not be read again). */
    boolean sameVersionAs(org.drjenkins.engine.storage.ObjectVersion listed) {
        if (listed.size() != size) {
            return false;
        }
        if (etag != null && listed.etag() != null) {
            return etag.equals(listed.etag());
        }
        return lastModified != null && lastModified.equals(listed.lastModified());
    }
}
