package org.drjenkins.engine.util;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Counts the bytes passing through; {@link #close()} closes the target. */
public final class CountingOutputStream extends FilterOutputStream {

    private long count;

    public CountingOutputStream(OutputStream target) {
        super(target);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        // FilterOutputStream writes byte by byte; go straight through.
        out.write(b, off, len);
        count += len;
    }

    public long count() {
        return count;
    }
}
