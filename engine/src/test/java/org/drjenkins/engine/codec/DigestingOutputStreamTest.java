package org.drjenkins.engine.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

public class DigestingOutputStreamTest {

    @Test
    public void digestAndCountMatchWhatPassedThrough() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        DigestingOutputStream digesting = new DigestingOutputStream(sink);
        CountingOutputStream counting = new CountingOutputStream(digesting);

        counting.write("ab".getBytes(StandardCharsets.US_ASCII));
        counting.write('c');
        String afterAbc = digesting.sha256Hex();

        assertThat(afterAbc).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(digesting.sha256Hex()).isEqualTo(afterAbc);
        assertThat(counting.count()).isEqualTo(3);
        assertThat(digesting.count()).isEqualTo(3);
        assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
    }
}
