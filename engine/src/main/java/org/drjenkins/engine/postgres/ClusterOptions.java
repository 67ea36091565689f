package org.drjenkins.engine.postgres;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How a {@link LocalCluster} is configured.
 *
 * @param port          the TCP port on 127.0.0.1; 0 picks a free one (and another if it is taken at start)
 * @param maxWalSenders {@code max_wal_senders}: standbys and base backups the cluster can feed at once
 * @param settings      further postgresql.conf settings, e.g. {@code fsync=off} or {@code wal_keep_size=64MB}
 * @param dataChecksums {@code initdb --data-checksums}: pg_rewind needs them (or wal_log_hints); a cluster that is
 *                      only restored into and thrown away is faster without (no page checksums, and no full-page WAL
 *                      image when a first read after the load sets hint bits)
 */
public record ClusterOptions(int port, int maxWalSenders, Map<String, String> settings, boolean dataChecksums) {

    private static final Pattern SETTING_NAME = Pattern.compile("[a-z_][a-z0-9_.]*");

    public ClusterOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 (pick a free one) or 1-65535, got " + port);
        }
        if (maxWalSenders < 0) {
            throw new IllegalArgumentException("max_wal_senders must be >= 0, got " + maxWalSenders);
        }
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings == null ? Map.of() : settings));
        for (String name : settings.keySet()) {
            if (!SETTING_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a PostgreSQL setting name: " + name);
            }
        }
    }

    /** With data checksums. */
    public ClusterOptions(int port, int maxWalSenders, Map<String, String> settings) {
        this(port, maxWalSenders, settings, true);
    }

    /** A free port, 10 WAL senders, no further settings, data checksums. */
    public static ClusterOptions defaults() {
        return new ClusterOptions(0, 10, Map.of());
    }

    public ClusterOptions withPort(int newPort) {
        return new ClusterOptions(newPort, maxWalSenders, settings, dataChecksums);
    }

    public ClusterOptions withSetting(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(settings);
        more.put(name, value);
        return new ClusterOptions(port, maxWalSenders, more, dataChecksums);
    }

    public ClusterOptions withoutDataChecksums() {
        return new ClusterOptions(port, maxWalSenders, settings, false);
    }
}
