package org.drjenkins.engine.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How stored bytes are compressed. Both are standard formats the {@code zstd} and {@code gzip} tools read. */
public enum Compression {
    // Level 1, not zstd's usual 3: on realistic database dumps it stores about 1 % more bytes for about two thirds of the
    // compression CPU (bench/backup.sh: 272 vs 269 MB of a 826 MB dump, 2.0 vs 3.0 CPU-s), and a backup shares its
    // agent's cores with the database it dumps.
    ZSTD("zstd", ".zst", 1, 1, 19),
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
