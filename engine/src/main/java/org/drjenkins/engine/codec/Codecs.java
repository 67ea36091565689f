package org.drjenkins.engine.codec;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.drjenkins.engine.config.Compression;

/**
 * The standard-format transforms between a source's raw bytes and the stored bytes: compression (zstd or gzip), then
 * encryption in the age format (age-encryption.org/v1, X25519 recipients, via Jagged). What this writes is readable by
 * {@code age -d -i key.txt | zstd -d} without {@code dr}. CONTRACT (filled in by the codec work).
 */
public final class Codecs {

    private Codecs() {
    }

    /**
     * Wraps {@code stored} so that what is written is compressed, then encrypted to every recipient (none: not
     * encrypted). Closing the returned stream finishes both formats and closes {@code stored}.
     */
    public static OutputStream encoder(OutputStream stored, Compression compression, int level, List<String> ageRecipients) {
        throw new UnsupportedOperationException("codec work pending");
    }

    /**
     * Reads stored bytes back to raw bytes: decrypts with the identity (when the artifact is encrypted) while
     * authenticating every chunk, then decompresses. A wrong identity or a tampered byte throws {@link CodecException}.
     */
    public static InputStream decoder(InputStream stored, Compression compression, boolean encrypted, String ageIdentity) {
        throw new UnsupportedOperationException("codec work pending");
    }
}
