package org.drjenkins.engine.wal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.drjenkins.engine.codec.Codecs;
import org.drjenkins.engine.config.Component;
import org.drjenkins.engine.config.Compression;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoredObject;
import org.drjenkins.engine.util.InvalidRequestException;

/**
 * Stores one WAL file handed over by PostgreSQL's {@code archive_command}: compressed, encrypted when the component
 * is, in one PUT whose SHA-256 the store verifies. Returns only once the store has acknowledged the object, so
 * PostgreSQL recycles the segment only when it is safe.
 * <p>
 * Idempotent as PostgreSQL requires: after a crash the server may archive a segment again, which succeeds when the
 * archived content is identical and fails loudly (never overwriting) when it differs.
 */
public final class WalPusher {

    /** What a push did. {@code alreadyArchived}: the identical file was in the archive, nothing was uploaded. */
    public record PushResult(WalFileName file, String key, long rawBytes, long storedBytes, String sha256, boolean alreadyArchived) {
    }

    private final WalArchive archive;
    private final Compression compression;
    private final int level;
    private final List<String> recipients;

    /**
     * @param recipients age public keys to encrypt to; empty for no encryption
     */
    public WalPusher(ObjectStore store, String component, Compression compression, int level, List<String> recipients) {
        this.archive = new WalArchive(Objects.requireNonNull(store, "store"), Objects.requireNonNull(component, "component"));
        this.compression = Objects.requireNonNull(compression, "compression");
        this.level = level;
        this.recipients = List.copyOf(recipients);
    }

    /** A pusher with the component's compression and, when it is encrypted, {@code recipients}. */
    public static WalPusher forComponent(Component component, List<String> recipients, ObjectStore primary) {
        WalComponents.requireCluster(component, "wal-push");
        if (component.encrypt() && recipients.isEmpty()) {
            throw new InvalidRequestException("components." + component.name() + ".encrypt is true but no age recipient is configured;"
                    + " set DR_AGE_RECIPIENTS=age1… in the environment of the PostgreSQL server or add age.recipients to the configuration");
        }
        return new WalPusher(primary, component.name(), component.compression(), component.compressionLevel(),
                component.encrypt() ? recipients : List.of());
    }

    public PushResult push(Path walFile) throws IOException {
        String fileName = walFile.getFileName() == null ? walFile.toString() : walFile.getFileName().toString();
        WalFileName file = WalFileName.parse(fileName).orElseThrow(() -> new InvalidRequestException(fileName
                + " is not a WAL file name: pass %p (the path PostgreSQL gives archive_command), e.g. pg_wal/000000010000000000000003"));
        byte[] raw;
        try {
            raw = Files.readAllBytes(walFile);
        } catch (NoSuchFileException e) {
            throw new InvalidRequestException(walFile + ": no such file (archive_command runs in the data directory: pass %p unchanged)");
        }
        String sha256 = WalDigests.sha256Hex(raw);
        Optional<ArchivedWal> existing = archive.find(file);
        if (existing.isPresent()) {
            ArchivedWal archived = existing.get();
            if (archived.sha256().equals(sha256)) {
                return new PushResult(file, archived.key(), raw.length, archived.storedBytes(), sha256, true);
            }
            throw new WalConflictException(file.name() + " is already archived with different content at s3://" + archive.store().bucket()
                    + "/" + archived.key() + " (archived SHA-256 " + archived.sha256().substring(0, 12) + "…, this file "
                    + sha256.substring(0, 12) + "…): refusing to overwrite; is a second server archiving into component "
                    + archive.component() + "? Give each server its own component");
        }
        byte[] stored = encode(raw);
        String key = WalKeys.key(archive.component(), file, sha256, compression, !recipients.isEmpty());
        StoredObject object = archive.store().putBytes(key, stored, "application/octet-stream");
        return new PushResult(file, key, raw.length, object.size(), sha256, false);
    }

    private byte[] encode(byte[] raw) throws IOException {
        // A segment is at most 1 GiB (16 MiB by default) and compresses well: encoding in memory makes the upload one
        // PUT with a precomputed checksum instead of a multipart upload of several requests.
        ByteArrayOutputStream stored = new ByteArrayOutputStream(Math.max(1024, raw.length / 3));
        try (OutputStream encoder = Codecs.encoder(stored, compression, level, recipients)) {
            encoder.write(raw);
        }
        return stored.toByteArray();
    }
}
