package org.drjenkins.engine.restore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.drjenkins.engine.codec.CodecException;
import org.drjenkins.engine.codec.Codecs;
import org.drjenkins.engine.config.Compression;
import org.drjenkins.engine.manifest.ArtifactRecord;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreException;

/**
 * Streams one artifact out of the store and proves it: counts and hashes the stored bytes, decrypts (age authenticates
 * every chunk) and decompresses to the end, writing the raw bytes to a sink (a local file for restore, nothing for an
 * integrity check). The stored size and SHA-256 are compared with the manifest even when decoding fails half-way, so
 * the failure names the most precise cause.
 */
public final class ArtifactFetcher {

    private static final int BUFFER = 256 * 1024;

    /** What fetching found; {@code failure} is empty only when size, digest and decoding all agree with the manifest. */
    public record Fetched(ArtifactRecord artifact, long storedBytes, String sha256, long rawBytes, Optional<String> failure) {

        public boolean ok() {
            return failure.isEmpty();
        }
    }

    private final ObjectStore store;
    private final Optional<String> ageIdentity;
    private final Progress progress;

    public ArtifactFetcher(ObjectStore store, Optional<String> ageIdentity, Progress progress) {
        this.store = store;
        this.ageIdentity = ageIdentity;
        this.progress = progress;
    }

    public Fetched fetch(Manifest manifest, ArtifactRecord artifact, OutputStream rawSink) {
        if (store.head(artifact.key()).isEmpty()) {
            return new Fetched(artifact, 0, "", 0, Optional.of(artifact.fileName() + ": missing: expected " + artifact.storedBytes()
                    + " bytes at s3://" + store.bucket() + "/" + artifact.key() + ", found no object"));
        }
        Compression compression = Compression.fromYaml(manifest.compression()).orElse(Compression.NONE);
        CountingInputStream counted = null;
        DigestInputStream stored = null;
        long raw = 0;
        String decodeFailure = null;
        try (InputStream object = store.open(artifact.key())) {
            counted = new CountingInputStream(object);
            stored = new DigestInputStream(counted, sha256());
            // The decoder must not close the stored stream: what it leaves unread is still drained into the digest.
            try (InputStream decoded = Codecs.decoder(new UnclosedInputStream(stored), compression, manifest.encrypted(),
                    ageIdentity.orElse(null))) {
                byte[] buffer = new byte[BUFFER];
                int n;
                while ((n = decoded.read(buffer)) >= 0) {
                    rawSink.write(buffer, 0, n);
                    raw += n;
                    progress.bytes(raw, artifact.rawBytes());
                }
            } catch (CodecException e) {
                decodeFailure = e.getMessage();
            }
            // Bytes after the end of the formats (or after a decoding failure) still count for size and digest.
            drain(stored);
        } catch (IOException | StoreException e) {
            return new Fetched(artifact, 0, "", raw, Optional.of(artifact.fileName() + ": cannot read from the store or write the local copy: "
                    + e.getMessage()));
        }
        long storedBytes = counted.count();
        String digest = HexFormat.of().formatHex(stored.getMessageDigest().digest());
        return new Fetched(artifact, storedBytes, digest, raw, failure(artifact, storedBytes, digest, raw, decodeFailure));
    }

    private static Optional<String> failure(ArtifactRecord artifact, long storedBytes, String digest, long raw, String decodeFailure) {
        String name = artifact.fileName();
        if (storedBytes != artifact.storedBytes()) {
            return Optional.of(name + ": size mismatch: expected " + artifact.storedBytes() + " bytes, found " + storedBytes
                    + (storedBytes < artifact.storedBytes() ? " (truncated)" : ""));
        }
        if (!digest.equals(artifact.sha256())) {
            return Optional.of(name + ": SHA-256 mismatch: expected " + artifact.sha256() + ", actual " + digest);
        }
        if (decodeFailure != null) {
            return Optional.of(name + ": " + decodeFailure);
        }
        if (raw != artifact.rawBytes()) {
            return Optional.of(name + ": decoded size mismatch: expected " + artifact.rawBytes() + " bytes, decoded " + raw);
        }
        return Optional.empty();
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[BUFFER];
        while (in.read(buffer) >= 0) {
            // finish the digest over every stored byte
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Keeps the stored stream open when the decoder closes. */
    private static final class UnclosedInputStream extends java.io.FilterInputStream {

        UnclosedInputStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the fetcher drains and closes the stored stream itself
        }
    }

    /** Counts bytes read; exposes the wrapped stream to the fetcher. */
    private static final class CountingInputStream extends java.io.FilterInputStream {

        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        long count() {
            return count;
        }
    }
}
