package org.drjenkins.engine.wal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WAL position as PostgreSQL prints it ({@code 16/B374D848}): the high and low 32 bits in hex. Ordered as unsigned
 * 64-bit numbers, which every real LSN fits (positions beyond 2^63 would take centuries of WAL).
 */
public record Lsn(long value) implements Comparable<Lsn> {

    private static final Pattern TEXT = Pattern.compile("([0-9A-Fa-f]{1,8})/([0-9A-Fa-f]{1,8})");

    public Lsn {
        if (value < 0) {
            throw new IllegalArgumentException("LSN out of range: " + value);
        }
    }

    /** Reads {@code 0/3000028}; throws naming the text and the expected form. */
    public static Lsn parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a WAL position; write it as PostgreSQL prints it,"
                    + " e.g. 0/3000028 (see SELECT pg_current_wal_lsn())");
        }
        return new Lsn(Long.parseLong(m.group(1), 16) << 32 | Long.parseLong(m.group(2), 16));
    }

    /** The number of the segment holding this position. */
    public long segmentNumber(long segmentSize) {
        return value / segmentSize;
    }

    /**
     * The number of the segment holding the byte just before this position: the last segment a backup or a recovery
     * that ends here needs (an end exactly on a segment boundary does not need the next segment).
     */
    public long previousSegmentNumber(long segmentSize) {
        return value == 0 ? 0 : (value - 1) / segmentSize;
    }

    @Override
    public int compareTo(Lsn other) {
        return Long.compareUnsigned(value, other.value);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%X/%X", value >>> 32, value & 0xFFFFFFFFL);
    }
}
