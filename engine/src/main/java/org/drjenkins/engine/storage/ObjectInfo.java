package org.drjenkins.engine.storage;

import java.time.Instant;

/** One object as a listing or HEAD shows it. */
public record ObjectInfo(String key, long size, Instant lastModified) {
}
