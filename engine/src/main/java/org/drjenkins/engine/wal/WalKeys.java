package org.drjenkins.engine.wal;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drjenkins.engine.config.Compression;
import org.drjenkins.engine.storage.ObjectInfo;

/**
 * Where WAL lives in a bucket: {@code <component>/wal/<timeline>/<file>-<sha256>.zst[.age]}.
 * <p>
 * Like pgBackRest, the digest of the raw file is part of the key rather than object metadata: one LIST shows which
 * content an archived name holds (so a push of the same segment twice is recognised without a download, and a
 * different one refused), gap detection, retention and cross-region copies need nothing but listings, and a fetch can
 * prove the bytes it restores end to end. The suffixes say which standard tools read the object ({@code age -d},
 * {@code zstd -d}).
 */
public final class WalKeys {

    static final String FOLDER = "wal/";
    private static final Pattern KEY = Pattern.compile(
            "(?<component>[^/]+)/wal/(?<timeline>[0-9A-F]{8})/(?<name>[^/]+)-(?<sha>[0-9a-f]{64})(?<suffix>(\\.zst|\\.gz)?(\\.age)?)");

    private WalKeys() {
    }

    /** Every WAL object of the component lies under this prefix. */
    public static String prefix(String component) {
        return component + "/" + FOLDER;
    }

    /** The prefix of every stored version of one file: the name followed by the digest separator. */
    public static String filePrefix(String component, WalFileName file) {
        return prefix(component) + file.timelineHex() + "/" + file.name() + "-";
    }

    public static String key(String component, WalFileName file, String sha256, Compression compression, boolean encrypted) {
        return filePrefix(component, file) + sha256 + compression.suffix() + (encrypted ? ".age" : "");
    }

    /** The archived file an object is, or empty for an object that is not one of ours (never touched). */
    public static Optional<ArchivedWal> parse(ObjectInfo object) {
        Matcher m = KEY.matcher(object.key());
        if (!m.matches()) {
            return Optional.empty();
        }
        Optional<WalFileName> file = WalFileName.parse(m.group("name"));
        if (file.isEmpty() || !file.get().timelineHex().equals(m.group("timeline"))) {
            return Optional.empty();
        }
        String suffix = m.group("suffix");
        boolean encrypted = suffix.endsWith(".age");
        String compressionSuffix = encrypted ? suffix.substring(0, suffix.length() - 4) : suffix;
        Compression compression = compressionSuffix.equals(Compression.ZSTD.suffix()) ? Compression.ZSTD
                : compressionSuffix.equals(Compression.GZIP.suffix()) ? Compression.GZIP : Compression.NONE;
        Instant archivedAt = object.lastModified() == null ? Instant.EPOCH : object.lastModified();
        return Optional.of(new ArchivedWal(file.get(), object.key(), m.group("sha"), compression, encrypted, object.size(), archivedAt));
    }
}
