package org.drjenkins.engine.source;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.drjenkins.engine.progress.Progress;

/** Passes bytes through and reports how many went by, at most once a second (progress lines are for people). */
final class ProgressOutputStream extends FilterOutputStream {

    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final Progress progress;
    private final long expected;
    private long done;
    private long lastReport = System.nanoTime();

    /** @param expected the total the source expects, or -1 when unknown */
    ProgressOutputStream(OutputStream out, Progress progress, long expected) {
        super(out);
        this.progress = progress;
        this.expected = expected;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        done += len;
        long now = System.nanoTime();
        if (now - lastReport >= INTERVAL_NANOS) {
            progress.bytes(done, expected);
            lastReport = now;
        }
    }

    /** Reports the final count. */
    void finish() {
        progress.bytes(done, expected);
    }
}
