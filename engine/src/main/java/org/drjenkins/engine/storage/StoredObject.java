package org.drjenkins.engine.storage;

/** What an upload stored: key, size and the hex SHA-256 of the stored bytes. */
public record StoredObject(String key, long size, String sha256) {
}
