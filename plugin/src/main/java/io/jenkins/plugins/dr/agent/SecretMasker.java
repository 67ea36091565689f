package io.jenkins.plugins.dr.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Replaces secret values with {@code ****} in what reaches the build log. The engine never prints a secret on
 * purpose; this is the second line of defence for what it cannot know is secret (a password echoed by pg_dump, a key
 * quoted by a library's exception).
 */
public final class SecretMasker {
    static final String MASK = "****";

    private final List<String> secrets;

    public SecretMasker(Collection<String> secrets) {
        // Longest first, so that a secret containing another is masked whole.
        this.secrets = secrets.stream().filter(Objects::nonNull).filter(s -> !s.isEmpty()).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }

    /**
     * A stream that writes whole lines, masked. A partial line waits for its end (or for close), so a secret is never
     * split across two writes where no replacement could see it.
     */
    public PrintStream wrap(PrintStream log) {
        return new PrintStream(new LineMaskingStream(log), true, StandardCharsets.UTF_8);
    }

    private final class LineMaskingStream extends OutputStream {
        private final PrintStream target;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineMaskingStream(PrintStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') {
                emit();
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                write(bytes[i]);
            }
        }

        @Override
        public synchronized void flush() {
            target.flush();
        }

        @Override
        public synchronized void close() {
            emit();
            target.flush();
        }

        private void emit() {
            if (line.size() == 0) {
                return;
            }
            byte[] masked = mask(line.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            line.reset();
            try {
                target.write(masked);
            } catch (IOException e) {
                target.print("(log line lost: " + e.getClass().getSimpleName() + ")");
            }
        }
    }
}
