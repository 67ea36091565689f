package org.drjenkins.engine.manifest;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A backup's identity, e.g. {@code 20260125T021500Z-3f9a}: its start time in UTC, so identities sort by time as plain
 * strings (S3 lists keys in that order), plus a random suffix so two backups in the same second never collide.
 */
public record BackupId(String value, Instant startedAt) implements Comparable<BackupId> {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern SHAPE = Pattern.compile("(\\d{8}T\\d{6}Z)-([0-9a-f]{4,})");
    private static final SecureRandom RANDOM = new SecureRandom();

    public static BackupId newId(Instant now) {
        byte[] suffix = new byte[2];
        RANDOM.nextBytes(suffix);
        Instant second = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return new BackupId(FORMAT.format(second) + "-" + HexFormat.of().formatHex(suffix), second);
    }

    /** The identity written in a key, or empty when the text is not one (a stray folder is not a backup). */
    public static Optional<BackupId> parse(String text) {
        Matcher m = SHAPE.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BackupId(text, FORMAT.parse(m.group(1), Instant::from)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Override
    public int compareTo(BackupId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
