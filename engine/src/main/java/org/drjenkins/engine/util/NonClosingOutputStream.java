package org.drjenkins.engine.util;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Shields a stream from {@code close()}: the codecs close what they wrap when they finish their formats, but an upload
 * must be completed (not closed, which aborts) by the code that owns it.
 */
public final class NonClosingOutputStream extends FilterOutputStream {

    public NonClosingOutputStream(OutputStream target) {
        super(target);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
