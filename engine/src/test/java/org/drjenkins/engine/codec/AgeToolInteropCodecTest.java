package org.drjenkins.engine.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.drjenkins.engine.config.Compression;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** What dr stores must open with the standard tools alone, and what the tools write must open in dr. */
public class AgeToolInteropCodecTest {

    private static final byte[] RAW = TestData.randomAndText(1024 * 1024, 3 * 1024 * 1024);

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void zstdAgeArtifactOpensWithAgeAndZstdTools() throws Exception {
        AgeKeys.KeyPair key = AgeKeys.generate();
        Path keyFile = temp.getRoot().toPath().resolve("key.txt");
        Files.writeString(keyFile, key.identityFileContent(), StandardCharsets.US_ASCII);
        byte[] stored = TestData.encode(RAW, Compression.ZSTD, List.of(key.recipient()));

        byte[] decrypted = ExternalTool.run(stored, "/usr/bin/age", "-d", "-i", keyFile.toString());
        byte[] decompressed = ExternalTool.run(decrypted, "/usr/bin/zstd", "-d", "-c");

        assertThat(decompressed).isEqualTo(RAW);
    }

    @Test
    public void artifactMadeByZstdAndAgeToolsDecodesInDr() throws Exception {
        AgeKeys.KeyPair key = AgeKeys.generate();
        byte[] compressed = ExternalTool.run(RAW, "/usr/bin/zstd", "-c", "-3");
        byte[] stored = ExternalTool.run(compressed, "/usr/bin/age", "-r", key.recipient());

        assertThat(TestData.decode(stored, Compression.ZSTD, true, key.identity())).isEqualTo(RAW);
    }

    @Test
    public void artifactEncryptedByAgeToAnAgeKeygenKeyDecodesWithThatKeyFile() throws Exception {
        Path keyFile = temp.getRoot().toPath().resolve("keygen.txt");
        ExternalTool.run(new byte[0], "/usr/bin/age-keygen", "-o", keyFile.toString());
        String identityFile = Files.readString(keyFile, StandardCharsets.US_ASCII);
        byte[] compressed = ExternalTool.run(RAW, "/usr/bin/gzip", "-c");
        byte[] stored = ExternalTool.run(compressed, "/usr/bin/age", "-e", "-i", keyFile.toString());

        assertThat(TestData.decode(stored, Compression.GZIP, true, identityFile)).isEqualTo(RAW);
    }

    @Test
    public void gzipArtifactOpensWithGzipTool() throws Exception {
        byte[] stored = TestData.encode(RAW, Compression.GZIP, List.of());

        assertThat(ExternalTool.run(stored, "/usr/bin/gzip", "-d", "-c")).isEqualTo(RAW);
    }

    @Test
    public void plainZstdArtifactPassesZstdsIntegrityTest() throws Exception {
        byte[] stored = TestData.encode(RAW, Compression.ZSTD, List.of());

        ExternalTool.run(stored, "/usr/bin/zstd", "-t");
        assertThat(ExternalTool.run(stored, "/usr/bin/zstd", "-d", "-c")).isEqualTo(RAW);
    }
}
