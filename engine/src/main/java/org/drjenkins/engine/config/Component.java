package org.drjenkins.engine.config;

import java.nio.file.Path;
import java.util.List;

/**
 * One thing the plan backs up.
 *
 * @param name             the key under {@code components:}; also the top-level folder of its backups in the bucket
 * @param type             postgres, directory or command
 * @param url              {@code postgresql://user@host:port/db} for postgres (never with a password), else {@code null}
 * @param path             the directory for directory components, else {@code null}
 * @param command          the shell command for command components, else {@code null}
 * @param encrypt          whether stored bytes are age-encrypted; mandatory when true (no recipients is an error)
 * @param compression      zstd (default), gzip or none
 * @param compressionLevel the level for the chosen compression
 * @param checks           SQL queries that must return true on a restored copy (postgres only)
 */
public record Component(String name, ComponentType type, String url, Path path, String command, boolean encrypt,
        Compression compression, int compressionLevel, List<String> checks) {

    public Component {
        checks = checks == null ? List.of() : List.copyOf(checks);
    }
}
