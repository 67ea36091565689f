package org.drjenkins.engine.wal;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file PostgreSQL hands to {@code archive_command}: a WAL segment ({@code 000000010000000A0000003F}), a timeline
 * history file ({@code 00000002.history}), a backup history file ({@code 000000010000000A0000003F.00000028.backup}) or
 * a partial segment left by a promotion ({@code 000000010000000A0000003F.partial}).
 * <p>
 * A segment name is three 8-digit hex numbers: the timeline, then the segment number split into a "log" part and the
 * segment within it, where a log holds 4 GiB of WAL. How the number splits therefore depends on the segment size
 * ({@code wal_segment_size}, 16 MiB by default), which is why {@link #segmentNumber(long)} takes it.
 *
 * @param name     the file name as PostgreSQL wrote it
 * @param kind     what the file is
 * @param timeline the timeline it belongs to
 * @param log      the high part of the segment number (0 for history files)
 * @param segment  the low part of the segment number (0 for history files)
 */
public record WalFileName(String name, Kind kind, long timeline, long log, long segment) {

    /** What an archived file is. */
    public enum Kind {
        SEGMENT, HISTORY, BACKUP_HISTORY, PARTIAL
    }

    /** PostgreSQL's default {@code wal_segment_size}. */
    public static final long DEFAULT_SEGMENT_SIZE = 16L * 1024 * 1024;
    private static final long BYTES_PER_LOG = 0x1_0000_0000L;

    private static final Pattern SEGMENT = Pattern.compile("([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})");
    private static final Pattern HISTORY = Pattern.compile("([0-9A-F]{8})\\.history");
    private static final Pattern BACKUP = Pattern.compile("([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})\\.[0-9A-F]{8}\\.backup");
    private static final Pattern PARTIAL = Pattern.compile("([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})\\.partial");

    /** The file named {@code name}, or empty when PostgreSQL never archives a file of that name. */
    public static Optional<WalFileName> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        Matcher m = HISTORY.matcher(name);
        if (m.matches()) {
            return Optional.of(new WalFileName(name, Kind.HISTORY, hex(m.group(1)), 0, 0));
        }
        for (Kind kind : new Kind[] {Kind.SEGMENT, Kind.BACKUP_HISTORY, Kind.PARTIAL}) {
            m = (kind == Kind.SEGMENT ? SEGMENT : kind == Kind.BACKUP_HISTORY ? BACKUP : PARTIAL).matcher(name);
            if (m.matches()) {
                return Optional.of(new WalFileName(name, kind, hex(m.group(1)), hex(m.group(2)), hex(m.group(3))));
            }
        }
        return Optional.empty();
    }

    /** Like {@link #parse}, for names a user typed: throws naming the accepted forms. */
    public static WalFileName require(String name) {
        return parse(name).orElseThrow(() -> new IllegalArgumentException("\"" + name + "\" is not a WAL file name:"
                + " PostgreSQL archives segments (000000010000000000000003), timeline history files (00000002.history),"
                + " backup history files (…03.00000028.backup) and partial segments (…03.partial)"));
    }

    /** The name of segment number {@code segmentNumber} on {@code timeline}. */
    public static WalFileName segment(long timeline, long segmentNumber, long segmentSize) {
        long perLog = segmentsPerLog(segmentSize);
        long log = segmentNumber / perLog;
        long seg = segmentNumber % perLog;
        return new WalFileName(String.format(Locale.ROOT, "%08X%08X%08X", timeline, log, seg), Kind.SEGMENT, timeline, log, seg);
    }

    /** The segment holding {@code lsn} on {@code timeline}. */
    public static WalFileName segmentOf(long timeline, Lsn lsn, long segmentSize) {
        return segment(timeline, lsn.segmentNumber(segmentSize), segmentSize);
    }

    /** The history file of {@code timeline}, e.g. {@code 00000002.history}. */
    public static WalFileName history(long timeline) {
        return new WalFileName(String.format(Locale.ROOT, "%08X.history", timeline), Kind.HISTORY, timeline, 0, 0);
    }

    /** The position of this file's segment in the WAL; history files have none (-1). */
    public long segmentNumber(long segmentSize) {
        return kind == Kind.HISTORY ? -1 : log * segmentsPerLog(segmentSize) + segment;
    }

    /** The 8-digit timeline, e.g. {@code 00000001}: the folder the file is archived in. */
    public String timelineHex() {
        return String.format(Locale.ROOT, "%08X", timeline);
    }

    public boolean isSegment() {
        return kind == Kind.SEGMENT;
    }

    private static long segmentsPerLog(long segmentSize) {
        if (segmentSize <= 0 || Long.bitCount(segmentSize) != 1 || segmentSize > 1024L * 1024 * 1024) {
            throw new IllegalArgumentException("wal_segment_size must be a power of two up to 1 GiB, got " + segmentSize);
        }
        return BYTES_PER_LOG / segmentSize;
    }

    private static long hex(String text) {
        return Long.parseLong(text, 16);
    }

    @Override
    public String toString() {
        return name;
    }
}
