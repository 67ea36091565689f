package org.drjenkins.engine.wal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.drjenkins.engine.codec.Codecs;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreException;

/**
 * Restores archived WAL files: PostgreSQL's {@code restore_command} and the point-in-time restore. Every file is
 * decrypted (age authenticates each chunk), decompressed and checked against the SHA-256 in its key before it appears
 * at its destination, which it does atomically: PostgreSQL never reads a half-written or altered segment.
 */
public final class WalFetcher {

    private final WalArchive archive;
    private final Optional<String> ageIdentity;

    /** @param ageIdentity the age secret key for an encrypted archive; empty when it is not encrypted */
    public WalFetcher(ObjectStore store, String component, Optional<String> ageIdentity) {
        this.archive = new WalArchive(Objects.requireNonNull(store, "store"), Objects.requireNonNull(component, "component"));
        this.ageIdentity = Objects.requireNonNull(ageIdentity, "ageIdentity");
    }

    /**
     * Restores {@code fileName} to {@code destination}.
     *
     * @return the archived file, or empty when the archive does not hold it (normal at the end of recovery)
     */
    public Optional<ArchivedWal> fetch(WalFileName fileName, Path destination) throws IOException {
        Optional<ArchivedWal> archived = archive.find(fileName);
        if (archived.isPresent()) {
            fetch(archived.get(), destination);
        }
        return archived;
    }

    /** Restores one listed file to {@code destination}, replacing what is there. Returns the raw size. */
    public long fetch(ArchivedWal wal, Path destination) throws IOException {
        if (wal.encrypted() && ageIdentity.isEmpty()) {
            throw new WalException(wal.name() + " is age-encrypted: set DR_AGE_IDENTITY or DR_AGE_IDENTITY_FILE (in the environment of"
                    + " the PostgreSQL server for restore_command) to the private key of one of its recipients");
        }
        Path target = destination.toAbsolutePath();
        Path partial = target.resolveSibling(target.getFileName() + ".dr-partial");
        MessageDigest digest = WalDigests.newSha256();
        long raw = 0;
        boolean done = false;
        try (InputStream stored = archive.store().open(wal.key());
                InputStream decoded = Codecs.decoder(stored, wal.compression(), wal.encrypted(), ageIdentity.orElse(null));
                OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), digest)) {
            byte[] buffer = new byte[256 * 1024];
            int n;
            while ((n = decoded.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                raw += n;
            }
            done = true;
        } catch (StoreException e) {
            throw new WalException(wal.name() + ": cannot read s3://" + archive.store().bucket() + "/" + wal.key() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new WalException(wal.name() + ": s3://" + archive.store().bucket() + "/" + wal.key() + " cannot be decoded: " + e.getMessage(), e);
        } finally {
            if (!done) {
                Files.deleteIfExists(partial);
            }
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(wal.sha256())) {
            Files.deleteIfExists(partial);
            throw new WalException(wal.name() + ": s3://" + archive.store().bucket() + "/" + wal.key() + " decodes to content with SHA-256 "
                    + actual.substring(0, 12) + "…, not the archived " + wal.sha256().substring(0, 12) + "…: the object was altered;"
                    + " restore from another region's copy");
        }
        try {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return raw;
    }
}
