package org.drjenkins.engine.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.drjenkins.engine.config.Compression;

/** Inputs and one-liners shared by the codec tests. */
final class TestData {

    private TestData() {
    }

    /** Incompressible bytes followed by log-like text, so both compressor paths (stored blocks, matches) run. */
    static byte[] randomAndText(int randomBytes, int textBytes) {
        byte[] data = new byte[randomBytes + textBytes];
        Random random = new Random(42);
        byte[] noise = new byte[randomBytes];
        random.nextBytes(noise);
        System.arraycopy(noise, 0, data, 0, randomBytes);
        StringBuilder text = new StringBuilder(textBytes + 200);
        String[] words = {"build", "jenkins", "stage", "SUCCESS", "FAILURE", "checkout", "artifact", "node", "agent", "pipeline"};
        for (int line = 0; text.length() < textBytes; line++) {
            text.append("2024-05-").append(10 + line % 20).append(" #").append(line).append(' ');
            for (int w = 0; w < 8; w++) {
                text.append(words[random.nextInt(words.length)]).append(' ');
            }
            text.append(random.nextInt(100000)).append('\n');
        }
        System.arraycopy(text.toString().getBytes(StandardCharsets.US_ASCII), 0, data, randomBytes, textBytes);
        return data;
    }

    static byte[] encode(byte[] raw, Compression compression, List<String> recipients) throws IOException {
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        try (OutputStream encoder = Codecs.encoder(stored, compression, compression.defaultLevel(), recipients)) {
            // Uneven write sizes exercise every buffer boundary.
            int offset = 0;
            int step = 1;
            while (offset < raw.length) {
                int n = Math.min(step, raw.length - offset);
                encoder.write(raw, offset, n);
                offset += n;
                step = step * 3 % 100_003 + 1;
            }
        }
        return stored.toByteArray();
    }

    static byte[] decode(byte[] stored, Compression compression, boolean encrypted, String identity) throws IOException {
        try (InputStream decoder = Codecs.decoder(new ByteArrayInputStream(stored), compression, encrypted, identity)) {
            return decoder.readAllBytes();
        }
    }
}
