package org.drjenkins.engine.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The one file ({@code drjenkins.conf}, included from postgresql.conf) that holds the settings {@link LocalCluster}
 * gives its clusters: port, listen address, no Unix socket, WAL for standbys and pg_rewind, the caller's extra settings.
 * A standby or a rewound cluster, whose configuration was copied from another, gets its own back by rewriting it.
 */
final class OwnSettingsFile {

    private OwnSettingsFile() {
    }

    static void write(Path file, int port, ClusterOptions options) throws PostgresException {
        StringBuilder conf = new StringBuilder("# Written by drjenkins LocalCluster; rewritten when the port changes,"
                + " after pg_basebackup and after pg_rewind.\n");
        conf.append("port = ").append(port).append('\n');
        conf.append("listen_addresses = '127.0.0.1'\n");
        // TCP only. A socket in the data directory would break pg_rewind, which copies every file of the source
        // ("could not open file .s.PGSQL.<port>"), and the system socket directory may not be ours to write.
        conf.append("unix_socket_directories = ''\n");
        conf.append("wal_level = replica\n");
        conf.append("max_wal_senders = ").append(options.maxWalSenders()).append('\n');
        conf.append("hot_standby = on\n");
        // Keeps recent WAL through checkpoints: a standby without a slot can catch up, and pg_rewind finds the WAL
        // back to where a failed-over primary diverged ("could not find previous WAL record" otherwise).
        conf.append("wal_keep_size = '128MB'\n");
        for (Map.Entry<String, String> setting : options.settings().entrySet()) {
            conf.append(setting.getKey()).append(" = ").append(quote(setting.getValue())).append('\n');
        }
        try {
            Files.writeString(file, conf.toString(), StandardCharsets.UTF_8);
            ServerUser.own(file); // pg_rewind, running as postgres, must be able to overwrite it.
        } catch (IOException e) {
            throw new PostgresException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
