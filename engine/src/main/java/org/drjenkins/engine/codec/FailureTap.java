package org.drjenkins.engine.codec;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Remembers the last exception that came out of one layer of the decoding chain, so the decoder can tell which layer
 * failed (the stored bytes' transport, age, or the decompressor) without guessing from exception types.
 */
final class FailureTap extends FilterInputStream {

    private volatile IOException lastFailure;

    FailureTap(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            throw record(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return in.read(b, off, len);
        } catch (IOException e) {
            throw record(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return super.skip(n);
        } catch (IOException e) {
            throw record(e);
        }
    }

    private IOException record(IOException e) {
        lastFailure = e;
        return e;
    }

    /** Whether {@code failure} is, or was caused by, an exception that came out of this layer. */
    boolean isOrCausedByMine(Throwable failure) {
        IOException mine = lastFailure;
        if (mine == null) {
            return false;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t == mine) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
