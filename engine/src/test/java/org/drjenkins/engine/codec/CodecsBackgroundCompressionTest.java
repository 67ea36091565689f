package org.drjenkins.engine.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.drjenkins.engine.config.Compression;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Backups compress zstd on background threads. What they store must be the same standard format as before: one frame
 * with a checksum that Debian's zstd (and age) open, spanning more than one of zstd's multi-threaded jobs.
 */
public class CodecsBackgroundCompressionTest {

    /** Larger than several of zstd's jobs at level 3, so the frame is stitched from the work of more than one thread. */
    private static final byte[] RAW = TestData.randomAndText(4 * 1024 * 1024, 36 * 1024 * 1024);

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private static byte[] encode(byte[] raw, int workers, List<String> recipients) throws Exception {
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        try (OutputStream encoder = Codecs.encoder(stored, Compression.ZSTD, 3, recipients, workers)) {
            for (int offset = 0; offset < raw.length; offset += 65_536) {
                encoder.write(raw, offset, Math.min(65_536, raw.length - offset));
            }
        }
        return stored.toByteArray();
    }

    @Test
    public void backgroundCompressedZstdPassesTheZstdToolsIntegrityTestAndDecodesInBothTools() throws Exception {
        for (int workers : new int[] {1, 2}) {
            byte[] stored = encode(RAW, workers, List.of());

            assertThat(stored.length).as("compressed, workers=%d", workers).isLessThan(RAW.length / 2);
            ExternalTool.run(stored, "/usr/bin/zstd", "-t");
            assertThat(ExternalTool.run(stored, "/usr/bin/zstd", "-d", "-c")).as("zstd -d, workers=%d", workers).isEqualTo(RAW);
            assertThat(TestData.decode(stored, Compression.ZSTD, false, null)).as("dr, workers=%d", workers).isEqualTo(RAW);
        }
    }

    @Test
    public void backgroundCompressedAndEncryptedOpensWithAgeThenZstd() throws Exception {
        AgeKeys.KeyPair key = AgeKeys.generate();
        Path keyFile = temp.getRoot().toPath().resolve("key.txt");
        Files.writeString(keyFile, key.identityFileContent(), StandardCharsets.US_ASCII);

        byte[] stored = encode(RAW, 2, List.of(key.recipient()));

        byte[] decrypted = ExternalTool.run(stored, "/usr/bin/age", "-d", "-i", keyFile.toString());
        assertThat(ExternalTool.run(decrypted, "/usr/bin/zstd", "-d", "-c")).isEqualTo(RAW);
        assertThat(TestData.decode(stored, Compression.ZSTD, true, key.identity())).isEqualTo(RAW);
    }

    @Test
    public void aFlippedByteInABackgroundCompressedFrameFailsDecoding() throws Exception {
        byte[] stored = encode(RAW, 2, List.of());
        stored[stored.length / 2] ^= 0x01;

        assertThatThrownBy(() -> TestData.decode(stored, Compression.ZSTD, false, null)).isInstanceOf(CodecException.class);
    }

    @Test
    public void aNegativeWorkerCountIsRefused() {
        assertThatThrownBy(() -> Codecs.encoder(new ByteArrayOutputStream(), Compression.ZSTD, 3, List.of(), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("zstd workers must be >= 0, got -1");
    }
}
