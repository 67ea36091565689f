package org.drjenkins.engine.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.drjenkins.engine.config.Compression;
import org.junit.Test;

public class CodecsFailureTest {

    private static final byte[] RAW = TestData.randomAndText(1024 * 1024, 2 * 1024 * 1024);
    private static final AgeKeys.KeyPair KEY = AgeKeys.generate();

    @Test
    public void wrongIdentitySaysNoIdentityMatchesAndShowsNoKey() throws IOException {
        byte[] stored = TestData.encode(RAW, Compression.ZSTD, List.of(KEY.recipient()));
        String otherIdentity = AgeKeys.generate().identity();

        Throwable failure = catchThrowable(() -> TestData.decode(stored, Compression.ZSTD, true, otherIdentity));

        assertThat(failure).isInstanceOf(CodecException.class)
                .hasMessageStartingWith("age decryption failed: no identity matches the recipients");
        assertNoKeyMaterial(failure);
    }

    @Test
    public void oneFlippedByteInTheMiddleFailsAuthentication() throws IOException {
        for (Compression compression : Compression.values()) {
            byte[] stored = TestData.encode(RAW, compression, List.of(KEY.recipient()));
            stored[stored.length / 2] ^= 0x01;

            Throwable failure = catchThrowable(() -> TestData.decode(stored, compression, true, KEY.identity()));

            assertThat(failure).as("%s", compression).isInstanceOf(CodecException.class)
                    .hasMessage("age authentication failed: stored bytes were modified or truncated");
            assertNoKeyMaterial(failure);
        }
    }

    @Test
    public void truncatedEncryptedArtifactFailsEvenAtAChunkBoundary() throws IOException {
        byte[] stored = TestData.encode(RAW, Compression.NONE, List.of(KEY.recipient()));
        int payloadChunk = 64 * 1024 + 16;
        // RAW is a whole number of 64 KiB chunks, so the payload is exactly that many sealed chunks.
        int headerAndNonce = stored.length - (RAW.length / (64 * 1024)) * payloadChunk;
        assertThat(RAW.length % (64 * 1024)).isZero();

        for (int cut : new int[] {stored.length / 2, headerAndNonce + payloadChunk * 3, stored.length - 1}) {
            byte[] truncated = Arrays.copyOf(stored, cut);

            Throwable failure = catchThrowable(() -> TestData.decode(truncated, Compression.NONE, true, KEY.identity()));

            assertThat(failure).as("cut at %d", cut).isInstanceOf(CodecException.class).hasMessageContaining("modified or truncated");
        }
    }

    @Test
    public void truncatedHeaderIsReportedAsAnInvalidAgeHeader() throws IOException {
        byte[] stored = Arrays.copyOf(TestData.encode(RAW, Compression.ZSTD, List.of(KEY.recipient())), 40);

        Throwable failure = catchThrowable(() -> TestData.decode(stored, Compression.ZSTD, true, KEY.identity()));

        assertThat(failure).isInstanceOf(CodecException.class).hasMessageStartingWith("age header is not valid");
    }

    @Test
    public void encryptedArtifactWithoutIdentityNamesTheVariablesToSet() throws IOException {
        byte[] stored = TestData.encode(RAW, Compression.ZSTD, List.of(KEY.recipient()));

        for (String missing : new String[] {null, "", "  \n# public key: " + KEY.recipient() + "\n"}) {
            Throwable failure = catchThrowable(() -> TestData.decode(stored, Compression.ZSTD, true, missing));

            assertThat(failure).isInstanceOf(CodecException.class)
                    .hasMessageContaining("DR_AGE_IDENTITY").hasMessageContaining("DR_AGE_IDENTITY_FILE");
        }
    }

    @Test
    public void malformedIdentityIsRefusedWithoutEchoingIt() throws IOException {
        byte[] stored = TestData.encode(RAW, Compression.ZSTD, List.of(KEY.recipient()));
        String broken = KEY.identity().substring(0, KEY.identity().length() - 3) + "qqq";

        Throwable failure = catchThrowable(() -> TestData.decode(stored, Compression.ZSTD, true, broken));

        assertThat(failure).isInstanceOf(CodecException.class).hasMessageContaining("age identity is not valid");
        assertNoKeyMaterial(failure);
    }

    @Test
    public void corruptOrTruncatedCompressedDataNamesTheFormat() throws IOException {
        for (Compression compression : List.of(Compression.ZSTD, Compression.GZIP)) {
            byte[] stored = TestData.encode(RAW, compression, List.of());
            byte[] flipped = stored.clone();
            flipped[flipped.length / 2] ^= 0x10;
            byte[] truncated = Arrays.copyOf(stored, stored.length * 2 / 3);

            for (byte[] damaged : List.of(flipped, truncated)) {
                Throwable failure = catchThrowable(() -> TestData.decode(damaged, compression, false, null));

                assertThat(failure).as("%s", compression).isInstanceOf(CodecException.class)
                        .hasMessageStartingWith(compression.yamlName() + " data is corrupt or truncated");
            }
        }
    }

    @Test
    public void plainBytesReadAsZstdAreReportedAsNotZstd() {
        Throwable failure = catchThrowable(() -> TestData.decode(RAW, Compression.ZSTD, false, null));

        assertThat(failure).isInstanceOf(CodecException.class).hasMessageContaining("not zstd-compressed");
    }

    @Test
    public void aFailureOfTheStoredStreamItselfPassesThroughUnchanged() throws IOException {
        byte[] stored = TestData.encode(RAW, Compression.ZSTD, List.of(KEY.recipient()));
        IOException dropped = new IOException("connection reset by peer");
        InputStream throwingDownload = new InputStream() {
            private final InputStream firstHalf = new ByteArrayInputStream(stored, 0, stored.length / 2);

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = firstHalf.read(b, off, len);
                if (n < 0) {
                    throw dropped;
                }
                return n;
            }
        };

        Throwable failure = catchThrowable(() -> {
            try (InputStream decoder = Codecs.decoder(throwingDownload, Compression.ZSTD, true, KEY.identity())) {
                decoder.readAllBytes();
            }
        });

        assertThat(failure).isSameAs(dropped);
    }

    private static void assertNoKeyMaterial(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("AGE-SECRET-KEY").doesNotContain(KEY.identity().substring(20, 40));
        }
    }
}
