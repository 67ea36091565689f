package org.drjenkins.engine.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains a process's stderr on its own thread, keeping only the last few KiB: a chatty command must neither block on a
 * full pipe nor fill memory, and the end of stderr is where the reason for a failure is.
 */
final class StderrTail {

    private static final int KEEP = 4096;

    private final byte[] ring = new byte[KEEP];
    private long total;
    private final Thread drainer;

    StderrTail(InputStream stderr, String threadName) {
        drainer = new Thread(() -> drain(stderr), threadName);
        drainer.setDaemon(true);
        drainer.start();
    }

    private void drain(InputStream stderr) {
        byte[] buffer = new byte[8192];
        try (stderr) {
            int n;
            while ((n = stderr.read(buffer)) >= 0) {
                append(buffer, n);
            }
        } catch (IOException e) {
            // The process is gone or its pipe was closed: what was read so far is the tail.
        }
    }

    private synchronized void append(byte[] buffer, int n) {
        for (int i = 0; i < n; i++) {
            ring[(int) ((total + i) % KEEP)] = buffer[i];
        }
        total += n;
    }

    /** Waits (bounded) until stderr reached its end, so the tail is complete when the process has exited. */
    void awaitEnd(long millis) throws InterruptedException {
        drainer.join(millis);
    }

    /** The last non-blank line of what was kept, or "" when the command wrote nothing to stderr. */
    synchronized String lastLine() {
        int kept = (int) Math.min(total, KEEP);
        byte[] tail = new byte[kept];
        for (int i = 0; i < kept; i++) {
            tail[i] = ring[(int) ((total - kept + i) % KEEP)];
        }
        String[] lines = new String(tail, StandardCharsets.UTF_8).split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                return lines[i].strip();
            }
        }
        return "";
    }
}
