package org.drjenkins.engine.codec;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.UnsupportedRecipientStanzaException;
import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.drjenkins.engine.config.Compression;

/**
 * Stored bytes → raw bytes. The chain is built on the first read, because building it already reads (the age header,
 * the gzip header) and {@link Codecs#decoder}'s contract throws nothing checked; every failure surfaces from
 * {@code read} as one {@link CodecException} naming the layer, except the stored stream's own failures (a dropped
 * download), which pass through unchanged so the caller can tell them apart.
 */
final class DecodingInputStream extends InputStream {

    static final String NO_IDENTITY = "the artifact is age-encrypted but no age identity is set:"
            + " set DR_AGE_IDENTITY or DR_AGE_IDENTITY_FILE to the age secret key of one of its recipients";
    static final String IDENTITY_MISMATCH = "age decryption failed: no identity matches the recipients"
            + " (DR_AGE_IDENTITY is not a key this artifact was encrypted to)";
    static final String AGE_MODIFIED = "age authentication failed: stored bytes were modified or truncated";
    static final String AGE_HEADER_INVALID = "age header is not valid: stored bytes were modified or truncated,"
            + " or the artifact is not age-encrypted";

    private static final int BUFFER_SIZE = 256 * 1024;

    private final FailureTap stored;
    private final Compression compression;
    private final boolean encrypted;
    private final String ageIdentity;
    private FailureTap plain;
    private InputStream raw;
    private boolean closed;

    DecodingInputStream(InputStream stored, Compression compression, boolean encrypted, String ageIdentity) {
        this.stored = new FailureTap(stored);
        this.compression = compression;
        this.encrypted = encrypted;
        this.ageIdentity = ageIdentity;
    }

    @Override
    public int read() throws IOException {
        try {
            return open().read();
        } catch (IOException e) {
            throw translate(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return open().read(b, off, len);
        } catch (IOException e) {
            throw translate(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return open().skip(n);
        } catch (IOException e) {
            throw translate(e);
        }
    }

    @Override
    public int available() throws IOException {
        return raw == null ? 0 : raw.available();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (raw != null) {
            raw.close();
        } else {
            stored.close();
        }
    }

    private InputStream open() throws IOException {
        if (closed) {
            throw new IOException("decoder is closed");
        }
        if (raw == null) {
            plain = new FailureTap(encrypted ? decrypting() : stored);
            raw = new BufferedInputStream(decompressing(plain), BUFFER_SIZE);
        }
        return raw;
    }

    private InputStream decrypting() throws IOException {
        List<String> identities = AgeKeys.identitiesIn(ageIdentity);
        if (identities.isEmpty()) {
            throw new CodecException(NO_IDENTITY);
        }
        List<RecipientStanzaReader> readers = new ArrayList<>();
        for (String identity : identities) {
            readers.add(AgeKeys.stanzaReader(identity));
        }
        try {
            return Channels.newInputStream(new StandardDecryptingChannelFactory()
                    .newDecryptingChannel(StreamChannels.readable(stored), readers));
        } catch (UnsupportedRecipientStanzaException e) {
            throw new CodecException(IDENTITY_MISMATCH, e);
        } catch (GeneralSecurityException e) {
            throw new CodecException(AGE_HEADER_INVALID + " (" + e.getMessage() + ")", e);
        }
    }

    private InputStream decompressing(InputStream in) throws IOException {
        return switch (compression) {
            case ZSTD -> new ZstdInputStream(in);
            case GZIP -> new GZIPInputStream(in, 64 * 1024);
            case NONE -> in;
        };
    }

    private IOException translate(IOException e) {
        if (e instanceof CodecException || stored.isOrCausedByMine(e)) {
            return e;
        }
        if (encrypted && (plain == null || plain.isOrCausedByMine(e))) {
            // Jagged's messages name a chunk counter at most: no key material.
            return new CodecException(AGE_MODIFIED, e);
        }
        return new CodecException(compression.yamlName() + " data is corrupt or truncated: stored bytes were modified,"
                + " or the artifact is not " + compression.yamlName() + "-compressed (" + e.getMessage() + ")", e);
    }
}
