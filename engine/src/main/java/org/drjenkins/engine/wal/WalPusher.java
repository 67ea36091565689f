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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
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

    /** Daemon threads: a JVM whose main thread has finished (or failed) must not wait for them. */
    private static final Executor SIDE_THREADS = task -> {
        Thread thread = new Thread(task, "dr-wal-push");
        thread.setDaemon(true);
        thread.start();
    };

    /** What a push did. {@code alreadyArchived}: the identical file was in the archive, nothing was uploaded. */
    public record PushResult(WalFileName file, String key, long rawBytes, long storedBytes, String sha256, boolean alreadyArchived) {
    }

    private final CompletableFuture<ObjectStore> store;
    private final String component;
    private final Compression compression;
    private final int level;
    private final List<String> recipients;

    /**
     * @param recipients age public keys to encrypt to; empty for no encryption
     */
    public WalPusher(ObjectStore store, String component, Compression compression, int level, List<String> recipients) {
        this(CompletableFuture.completedFuture(Objects.requireNonNull(store, "store")), component, compression, level, recipients);
    }

    /**
     * @param store the primary region's store, possibly still connecting: building an S3 client takes a fresh JVM a
     *              good part of its start-up, which the command line overlaps with reading and encoding the file
     */
    public WalPusher(CompletableFuture<ObjectStore> store, String component, Compression compression, int level, List<String> recipients) {
        this.store = Objects.requireNonNull(store, "store");
        this.component = Objects.requireNonNull(component, "component");
        this.compression = Objects.requireNonNull(compression, "compression");
        this.level = level;
        this.recipients = List.copyOf(recipients);
    }

    /** A pusher with the component's compression and, when it is encrypted, {@code recipients}. */
    public static WalPusher forComponent(Component component, List<String> recipients, CompletableFuture<ObjectStore> primary) {
        WalComponents.requireCluster(component, "wal-push");
        if (component.encrypt() && recipients.isEmpty()) {
            throw new InvalidRequestException("components." + component.name() + ".encrypt is true but no age recipient is configured;"
                    + " set DR_AGE_RECIPIENTS=age1… in the environment of the PostgreSQL server or add age.recipients to the configuration");
        }
        return new WalPusher(primary, component.name(), component.compression(), component.compressionLevel(),
                component.encrypt() ? recipients : List.of());
    }

    /**
     * Archives one file. The three independent steps run at once, since each run is a fresh JVM where every one of them
     * is slow (cold code, no JIT yet): asking the store whether the name is archived (the first request also warms the
     * S3 client), the SHA-256 of the file, and its encoding. The encoding is wasted only when the file turns out to be
     * archived already, which is rare.
     */
    public PushResult push(Path walFile) throws IOException {
        String fileName = walFile.getFileName() == null ? walFile.toString() : walFile.getFileName().toString();
        WalFileName file = WalFileName.parse(fileName).orElseThrow(() -> new InvalidRequestException(fileName
                + " is not a WAL file name: pass %p (the path PostgreSQL gives archive_command), e.g. pg_wal/000000010000000000000003"));
        CompletableFuture<Optional<ArchivedWal>> existing = store.thenApplyAsync(s -> new WalArchive(s, component).find(file), SIDE_THREADS);
        byte[] raw;
        try {
            raw = Files.readAllBytes(walFile);
        } catch (NoSuchFileException e) {
            throw new InvalidRequestException(walFile + ": no such file (archive_command runs in the data directory: pass %p unchanged)");
        }
        CompletableFuture<String> digest = CompletableFuture.supplyAsync(() -> WalDigests.sha256Hex(raw), SIDE_THREADS);
        byte[] stored = encode(raw);
        String sha256 = join(digest);
        Optional<ArchivedWal> archived = join(existing);
        if (archived.isPresent()) {
            if (archived.get().sha256().equals(sha256)) {
                return new PushResult(file, archived.get().key(), raw.length, archived.get().storedBytes(), sha256, true);
            }
            throw new WalConflictException(file.name() + " is already archived with different content at s3://" + join(store).bucket()
                    + "/" + archived.get().key() + " (archived SHA-256 " + archived.get().sha256().substring(0, 12) + "…, this file "
                    + sha256.substring(0, 12) + "…): refusing to overwrite; is a second server archiving into component "
                    + component + "? Give each server its own component");
        }
        String key = WalKeys.key(component, file, sha256, compression, !recipients.isEmpty());
        StoredObject object = join(store).putBytes(key, stored, "application/octet-stream");
        return new PushResult(file, key, raw.length, object.size(), sha256, false);
    }

    /** The result of a side task, with its own exception (a store failure, a conflict) rather than a wrapper. */
    private static <T> T join(CompletableFuture<T> future) throws IOException {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
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
