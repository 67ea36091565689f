package org.drjenkins.engine.failover;

/** PostgreSQL WAL positions ({@code 16/B374D848}) as numbers, so positions of two servers can be compared here. */
public final class Lsn {

    private Lsn() {
    }

    /** The byte position of {@code text}; -1 for {@code null} (a server that has replayed nothing yet). */
    public static long parse(String text) {
        if (text == null || text.isBlank()) {
            return -1;
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a WAL position: " + text);
        }
        return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
    }

    /** Bytes from {@code from} to {@code to}, never negative. */
    public static long bytesBetween(String from, String to) {
        long a = parse(from);
        long b = parse(to);
        return a < 0 || b < 0 ? 0 : Math.max(0, b - a);
    }
}
