package org.drjenkins.engine.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How stored bytes are compressed. Both are standard formats the {@code zstd} and {@code gzip} tools read. */
public enum Compression {
    ZSTD("zstd", ".zst", 3, 1, 19),
    GZIP("gzip", ".gz", 6, 1, 9),
    NONE("none", "", 0, 0, 0);

    private final String yamlName;
    private final String suffix;
    private final int defaultLevel;
    private final int minLevel;
    private final int maxLevel;

    Compression(String yamlName, String suffix, int defaultLevel, int minLevel, int maxLevel) {
        this.yamlName = yamlName;
        this.suffix = suffix;
        this.defaultLevel = defaultLevel;
        this.minLevel = minLevel;
        this.maxLevel = maxLevel;
    }

    public String yamlName() {
        return yamlName;
    }

    /** File-name suffix of the stored artifact, so a human with only the bucket knows which tool to use. */
    public String suffix() {
        return suffix;
    }

    public int defaultLevel() {
        return defaultLevel;
    }

    public int minLevel() {
        return minLevel;
    }

    public int maxLevel() {
        return maxLevel;
    }

    public static Optional<Compression> fromYaml(String value) {
        return Arrays.stream(values()).filter(c -> c.yamlName.equals(value == null ? "" : value.toLowerCase(Locale.ROOT))).findFirst();
    }
}
