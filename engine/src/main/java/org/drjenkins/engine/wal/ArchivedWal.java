package org.drjenkins.engine.wal;

import java.time.Instant;
import org.drjenkins.engine.config.Compression;

/**
 * One WAL file in a bucket, as a listing shows it: everything is read from the key and the listing, so a whole
 * archive is known from LIST requests alone.
 *
 * @param file        the file PostgreSQL archived
 * @param key         the object key
 * @param sha256      hex SHA-256 of the raw file (what PostgreSQL handed over), part of the key
 * @param compression how the stored bytes are compressed (from the key's suffix)
 * @param encrypted   whether the stored bytes are age-encrypted ({@code .age} suffix)
 * @param storedBytes the object's size
 * @param archivedAt  when the store received it (its Last-Modified)
 */
public record ArchivedWal(WalFileName file, String key, String sha256, Compression compression, boolean encrypted,
        long storedBytes, Instant archivedAt) {

    public String name() {
        return file.name();
    }
}
