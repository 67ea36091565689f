package org.drjenkins.engine.storage;

import java.time.Instant;

/**
 * One object with its ETag, as a listing shows it: what an incremental copy compares to tell a changed object from an
 * unchanged one without reading it.
 *
 * @param etag the ETag without quotes; {@code null} when the store gives none
 */
public record ObjectVersion(String key, long size, Instant lastModified, String etag) {
}
