package org.drjenkins.engine.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.drjenkins.engine.config.Compression;
import org.junit.Test;

public class CodecsRoundTripTest {

    private static final byte[] RAW = TestData.randomAndText(2 * 1024 * 1024, 3 * 1024 * 1024);
    private static final AgeKeys.KeyPair KEY = AgeKeys.generate();

    @Test
    public void everyCompressionRoundTripsPlainAndEncrypted() throws IOException {
        for (Compression compression : Compression.values()) {
            for (boolean encrypted : new boolean[] {false, true}) {
                byte[] stored = TestData.encode(RAW, compression, encrypted ? List.of(KEY.recipient()) : List.of());

                byte[] decoded = TestData.decode(stored, compression, encrypted, encrypted ? KEY.identity() : null);

                assertThat(decoded).as("%s encrypted=%s", compression, encrypted).isEqualTo(RAW);
            }
        }
    }

    @Test
    public void compressionShrinksTextAndEncryptionHidesIt() throws IOException {
        byte[] text = TestData.randomAndText(0, 2 * 1024 * 1024);

        byte[] zstd = TestData.encode(text, Compression.ZSTD, List.of());
        byte[] gzip = TestData.encode(text, Compression.GZIP, List.of());
        byte[] none = TestData.encode(text, Compression.NONE, List.of(KEY.recipient()));

        assertThat(zstd.length).isLessThan(text.length / 2);
        assertThat(gzip.length).isLessThan(text.length / 2);
        assertThat(new String(none, java.nio.charset.StandardCharsets.ISO_8859_1)).startsWith("age-encryption.org/v1\n")
                .doesNotContain("jenkins");
    }

    @Test
    public void emptyContentRoundTripsInEveryFormat() throws IOException {
        for (Compression compression : Compression.values()) {
            byte[] stored = TestData.encode(new byte[0], compression, List.of(KEY.recipient()));

            assertThat(TestData.decode(stored, compression, true, KEY.identity())).as("%s", compression).isEmpty();
        }
    }

    @Test
    public void everyRecipientCanDecryptOnItsOwn() throws IOException {
        AgeKeys.KeyPair second = AgeKeys.generate();
        byte[] stored = TestData.encode(RAW, Compression.ZSTD, List.of(KEY.recipient(), second.recipient()));

        assertThat(TestData.decode(stored, Compression.ZSTD, true, KEY.identity())).isEqualTo(RAW);
        assertThat(TestData.decode(stored, Compression.ZSTD, true, second.identity())).isEqualTo(RAW);
    }

    @Test
    public void anIdentityFileContentDecryptsLikeTheBareKey() throws IOException {
        byte[] stored = TestData.encode(RAW, Compression.GZIP, List.of(KEY.recipient()));

        assertThat(TestData.decode(stored, Compression.GZIP, true, KEY.identityFileContent())).isEqualTo(RAW);
    }

    @Test
    public void closingTheEncoderClosesTheStoredStreamOnce() throws IOException {
        for (Compression compression : Compression.values()) {
            for (List<String> recipients : List.of(List.<String>of(), List.of(KEY.recipient()))) {
                int[] closes = {0};
                OutputStream stored = new ByteArrayOutputStream() {
                    @Override
                    public void close() {
                        closes[0]++;
                    }
                };
                Codecs.encoder(stored, compression, compression.defaultLevel(), recipients).close();

                assertThat(closes[0]).as("%s %s", compression, recipients.size()).isEqualTo(1);
            }
        }
    }

    @Test
    public void levelOutsideTheFormatsRangeIsRefusedWithTheRange() {
        assertThatThrownBy(() -> Codecs.encoder(new ByteArrayOutputStream(), Compression.ZSTD, 22, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zstd level 22").hasMessageContaining("1..19");
        assertThatThrownBy(() -> Codecs.encoder(new ByteArrayOutputStream(), Compression.GZIP, 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..9");
    }

    @Test
    public void aSecretKeyGivenAsRecipientIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> Codecs.encoder(new ByteArrayOutputStream(), Compression.ZSTD, 3, List.of(KEY.recipient(), KEY.identity())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("recipient #2")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("AGE-SECRET-KEY"));
    }
}
