package org.drjenkins.engine.codec;

import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.drjenkins.engine.config.Compression;

/**
 * The standard-format transforms between a source's raw bytes and the stored bytes: compression (zstd or gzip), then
 * encryption in the age format (age-encryption.org/v1, X25519 recipients, via Jagged). What this writes is readable by
 * {@code age -d -i key.txt | zstd -d} without {@code dr}.
 */
public final class Codecs {

    /** Large buffers at both ends: sources write small records (tar: 512 bytes), uploads want big writes. */
    static final int BUFFER_SIZE = 256 * 1024;

    private Codecs() {
    }

    /**
     * Wraps {@code stored} so that what is written is compressed, then encrypted to every recipient (none: not
     * encrypted). Closing the returned stream finishes both formats and closes {@code stored}. The zstd frames carry a
     * content checksum, so {@code zstd -d} detects corruption even without encryption.
     *
     * @param level the compression level, within {@link Compression#minLevel()}..{@link Compression#maxLevel()}
     *              (ignored for {@link Compression#NONE})
     * @throws IllegalArgumentException when the level is out of range or a recipient is not {@code age1…}
     */
    public static OutputStream encoder(OutputStream stored, Compression compression, int level, List<String> ageRecipients) {
        return encoder(stored, compression, level, ageRecipients, 0);
    }

    /**
     * Like {@link #encoder(OutputStream, Compression, int, List)}, but zstd compresses on {@code zstdWorkers} threads of
     * its own while the caller's thread goes on reading the source, hashing and uploading: on a long stream
     * compression is the largest cost, and this overlaps it with the rest. The output is still one standard zstd frame
     * with its checksum, for {@code zstd -d} as for {@link #decoder}. Each worker holds a few MiB of native buffers, so
     * this is for long streams; 0 compresses in the caller's thread. Ignored for gzip and none.
     */
    public static OutputStream encoder(OutputStream stored, Compression compression, int level, List<String> ageRecipients,
            int zstdWorkers) {
        if (zstdWorkers < 0) {
            throw new IllegalArgumentException("zstd workers must be >= 0, got " + zstdWorkers);
        }
        Objects.requireNonNull(stored, "stored");
        Objects.requireNonNull(compression, "compression");
        checkLevel(compression, level);
        List<RecipientStanzaWriter> writers = stanzaWriters(ageRecipients == null ? List.of() : ageRecipients);
        try {
            // The age header goes into this buffer, so building the chain cannot fail on the stored stream's I/O.
            OutputStream compressed = new BufferedOutputStream(stored, BUFFER_SIZE);
            if (!writers.isEmpty()) {
                compressed = Channels.newOutputStream(new StandardEncryptingChannelFactory()
                        .newEncryptingChannel(StreamChannels.writable(compressed), writers));
            }
            return new BufferedOutputStream(compressing(compressed, compression, level, zstdWorkers), BUFFER_SIZE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + compression.yamlName() + " encoder", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot start age encryption: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads stored bytes back to raw bytes: decrypts with the identity (when the artifact is encrypted) while
     * authenticating every chunk, then decompresses. A missing or wrong identity, a tampered or truncated artifact or
     * corrupt compressed data throws {@link CodecException} from the first {@code read} that meets it (the chain is
     * built lazily so this method itself throws nothing checked). Failures of {@code stored} itself pass through
     * unchanged.
     *
     * @param ageIdentity an {@code AGE-SECRET-KEY-1…} key, or an identity file's content; may be null when not encrypted
     */
    public static InputStream decoder(InputStream stored, Compression compression, boolean encrypted, String ageIdentity) {
        Objects.requireNonNull(stored, "stored");
        Objects.requireNonNull(compression, "compression");
        return new DecodingInputStream(stored, compression, encrypted, ageIdentity);
    }

    private static OutputStream compressing(OutputStream out, Compression compression, int level, int zstdWorkers) throws IOException {
        return switch (compression) {
            case ZSTD -> zstdWorkers == 0 ? new ZstdOutputStream(out, level).setChecksum(true)
                    : new ZstdOutputStream(out, level).setChecksum(true).setWorkers(zstdWorkers);
            case GZIP -> new LevelGzipOutputStream(out, level, 64 * 1024);
            case NONE -> out;
        };
    }

    private static void checkLevel(Compression compression, int level) {
        if (compression != Compression.NONE && (level < compression.minLevel() || level > compression.maxLevel())) {
            throw new IllegalArgumentException(compression.yamlName() + " level " + level + " is out of range: use "
                    + compression.minLevel() + ".." + compression.maxLevel() + " (default " + compression.defaultLevel() + ")");
        }
    }

    private static List<RecipientStanzaWriter> stanzaWriters(List<String> recipients) {
        List<RecipientStanzaWriter> writers = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            writers.add(AgeKeys.stanzaWriter(Objects.requireNonNull(recipients.get(i), "age recipient"), i + 1));
        }
        return writers;
    }
}
