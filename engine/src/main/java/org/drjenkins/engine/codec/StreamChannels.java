package org.drjenkins.engine.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Channel views of plain streams for Jagged, which works on channels. Hand-written because
 * {@link java.nio.channels.Channels#newChannel} moves bytes in 8 KiB pieces; these pass Jagged's whole 64 KiB chunks
 * straight through, so an upload stream sees large writes and a download stream large reads.
 */
final class StreamChannels {

    private StreamChannels() {
    }

    static WritableByteChannel writable(OutputStream out) {
        return new WritableByteChannel() {
            private boolean open = true;

            @Override
            public int write(ByteBuffer src) throws IOException {
                int length = src.remaining();
                if (src.hasArray()) {
                    out.write(src.array(), src.arrayOffset() + src.position(), length);
                    src.position(src.limit());
                } else {
                    byte[] copy = new byte[length];
                    src.get(copy);
                    out.write(copy);
                }
                return length;
            }

            @Override
            public boolean isOpen() {
                return open;
            }

            @Override
            public void close() throws IOException {
                if (open) {
                    open = false;
                    out.close();
                }
            }
        };
    }

    static ReadableByteChannel readable(InputStream in) {
        return new ReadableByteChannel() {
            private boolean open = true;

            @Override
            public int read(ByteBuffer dst) throws IOException {
                int length = dst.remaining();
                if (length == 0) {
                    return 0;
                }
                if (dst.hasArray()) {
                    int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), length);
                    if (n > 0) {
                        dst.position(dst.position() + n);
                    }
                    return n;
                }
                byte[] copy = new byte[length];
                int n = in.read(copy);
                if (n > 0) {
                    dst.put(copy, 0, n);
                }
                return n;
            }

            @Override
            public boolean isOpen() {
                return open;
            }

            @Override
            public void close() throws IOException {
                if (open) {
                    open = false;
                    in.close();
                }
            }
        };
    }
}
