package org.drjenkins.engine.source;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Passes a tar stream through unchanged while keeping the content of a few named members (the tail of each, at most
 * {@code keepBytes}). pg_basebackup streams the backup to us; its {@code backup_label} and {@code backup_manifest}
 * members say where the backup starts and ends in the WAL.
 * <p>
 * Hand-written rather than commons-compress: its tar reader pulls from an InputStream, while this stream is pushed
 * through the upload's OutputStream; reading it twice would need a pipe and a thread. Only what the ustar header
 * layout needs is read: name (with the ustar prefix), size (octal or base-256) and the 512-byte block structure.
 */
final class TarMemberCapture extends FilterOutputStream {

    private static final int BLOCK = 512;

    private final Map<String, Tail> captured = new HashMap<>();
    private final int keepBytes;
    private final byte[] header = new byte[BLOCK];
    private int headerFill;
    private long dataLeft;
    private long paddingLeft;
    private Tail current;
    private boolean ended;

    TarMemberCapture(OutputStream out, int keepBytes, String... members) {
        super(out);
        this.keepBytes = keepBytes;
        for (String member : members) {
            captured.put(member, new Tail());
        }
    }

    /** The kept tail of a member's content, or empty when the stream had no such member. */
    Optional<String> member(String name) {
        Tail tail = captured.get(name);
        return tail == null || !tail.seen ? Optional.empty() : Optional.of(tail.text());
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        int position = off;
        int end = off + len;
        while (position < end && !ended) {
            if (dataLeft > 0) {
                int n = (int) Math.min(dataLeft, end - position);
                if (current != null) {
                    current.append(b, position, n, keepBytes);
                }
                dataLeft -= n;
                position += n;
            } else if (paddingLeft > 0) {
                int n = (int) Math.min(paddingLeft, end - position);
                paddingLeft -= n;
                position += n;
            } else {
                int n = Math.min(BLOCK - headerFill, end - position);
                System.arraycopy(b, position, header, headerFill, n);
                headerFill += n;
                position += n;
                if (headerFill == BLOCK) {
                    headerFill = 0;
                    readHeader();
                }
            }
        }
    }

    private void readHeader() {
        boolean zero = true;
        for (byte value : header) {
            if (value != 0) {
                zero = false;
                break;
            }
        }
        if (zero) {
            ended = true; // The end-of-archive marker: nothing after it is a member.
            return;
        }
        String name = text(0, 100);
        if (new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
            String prefix = text(345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
        }
        if (name.startsWith("./")) {
            name = name.substring(2);
        }
        long size = size();
        dataLeft = size;
        paddingLeft = (BLOCK - size % BLOCK) % BLOCK;
        current = captured.get(name);
        if (current != null) {
            current.seen = true;
        }
    }

    private long size() {
        if ((header[124] & 0x80) != 0) {
            // Base-256: files of 8 GiB and more.
            long value = 0;
            for (int i = 125; i < 136; i++) {
                value = value << 8 | (header[i] & 0xff);
            }
            return value;
        }
        String octal = text(124, 12).trim();
        return octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
    }

    private String text(int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static final class Tail {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean seen;

        void append(byte[] b, int off, int len, int keep) {
            bytes.write(b, off, len);
            if (bytes.size() > 2 * keep) {
                byte[] all = bytes.toByteArray();
                bytes.reset();
                bytes.write(all, all.length - keep, keep);
            }
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
