package org.drjenkins.engine.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
 * @param checks           SQL queries that must return true on a restored copy (postgres and postgres-cluster)
 * @param archiveTimeout   postgres-cluster only: the server's {@code archive_timeout}, the longest a quiet but
 *                         written-to database waits before its current WAL segment is archived; compliance uses it to
 *                         tell a stalled archive from a slow one
 * @param allowEmpty       command only: whether a command that writes nothing is a valid (empty) backup; by default
 *                         empty output fails the backup, since a 0-byte backup usually means the export broke
 * @param s3Prefix         s3-prefix only: the origin bucket and how to verify its copies, else {@code null}
 * @param kind             command only: what the output is, so a restore can turn it back into something usable
 *                         ({@link #KUBERNETES_SECRETS}: a manifest for {@code kubectl apply}); {@code null} for plain bytes
 * @param jenkinsHome      jenkins-home only: which files of the home are taken, else {@code null}; its {@code path}
 *                         may be {@code null} ({@code auto}): the plugin then backs up the controller's own home
 */
public record Component(String name, ComponentType type, String url, Path path, String command, boolean encrypt,
        Compression compression, int compressionLevel, List<String> checks, Optional<Duration> archiveTimeout,
        boolean allowEmpty, S3PrefixSpec s3Prefix, String kind, JenkinsHomeSpec jenkinsHome) {

    /** The output of {@code kubectl get secrets -A -o json}: restored as a manifest {@code kubectl apply -f} accepts. */
    public static final String KUBERNETES_SECRETS = "kubernetes-secrets";

    public Component {
        checks = checks == null ? List.of() : List.copyOf(checks);
        archiveTimeout = archiveTimeout == null ? Optional.empty() : archiveTimeout;
    }

    /** A component of no particular kind that is not jenkins-home. */
    public Component(String name, ComponentType type, String url, Path path, String command, boolean encrypt,
            Compression compression, int compressionLevel, List<String> checks, Optional<Duration> archiveTimeout,
            boolean allowEmpty, S3PrefixSpec s3Prefix) {
        this(name, type, url, path, command, encrypt, compression, compressionLevel, checks, archiveTimeout, allowEmpty, s3Prefix,
                null, (JenkinsHomeSpec) null);
    }

    /** A command component whose output has a kind (or any other component: kind {@code null}). */
    public Component(String name, ComponentType type, String url, Path path, String command, boolean encrypt,
            Compression compression, int compressionLevel, List<String> checks, Optional<Duration> archiveTimeout,
            boolean allowEmpty, S3PrefixSpec s3Prefix, String kind) {
        this(name, type, url, path, command, encrypt, compression, compressionLevel, checks, archiveTimeout, allowEmpty, s3Prefix,
                kind, null);
    }

    /** A jenkins-home component (or any other: spec {@code null}). */
    public Component(String name, ComponentType type, String url, Path path, String command, boolean encrypt,
            Compression compression, int compressionLevel, List<String> checks, Optional<Duration> archiveTimeout,
            boolean allowEmpty, S3PrefixSpec s3Prefix, JenkinsHomeSpec jenkinsHome) {
        this(name, type, url, path, command, encrypt, compression, compressionLevel, checks, archiveTimeout, allowEmpty, s3Prefix,
                null, jenkinsHome);
    }

    /** Whether this component's output is Kubernetes secrets ({@code kind: kubernetes-secrets}). */
    public boolean kubernetesSecrets() {
        return KUBERNETES_SECRETS.equals(kind);
    }

    /** The same component backing up another path (the plugin resolves {@code path: auto} to the controller's home). */
    public Component withPath(Path newPath) {
        return new Component(name, type, url, newPath, command, encrypt, compression, compressionLevel, checks, archiveTimeout,
                allowEmpty, s3Prefix, kind, jenkinsHome);
    }

    /** A component that is not s3-prefix and does not allow empty command output. */
    public Component(String name, ComponentType type, String url, Path path, String command, boolean encrypt,
            Compression compression, int compressionLevel, List<String> checks, Optional<Duration> archiveTimeout) {
        this(name, type, url, path, command, encrypt, compression, compressionLevel, checks, archiveTimeout, false, null);
    }

    /** A component that is not s3-prefix. */
    public Component(String name, ComponentType type, String url, Path path, String command, boolean encrypt,
            Compression compression, int compressionLevel, List<String> checks, Optional<Duration> archiveTimeout,
            boolean allowEmpty) {
        this(name, type, url, path, command, encrypt, compression, compressionLevel, checks, archiveTimeout, allowEmpty, null);
    }

    /** An s3-prefix component (or any other with no empty output allowed). */
    public Component(String name, ComponentType type, String url, Path path, String command, boolean encrypt,
            Compression compression, int compressionLevel, List<String> checks, Optional<Duration> archiveTimeout,
            S3PrefixSpec s3Prefix) {
        this(name, type, url, path, command, encrypt, compression, compressionLevel, checks, archiveTimeout, false, s3Prefix);
    }

    /** A component without an archive timeout (every type but postgres-cluster). */
    public Component(String name, ComponentType type, String url, Path path, String command, boolean encrypt,
            Compression compression, int compressionLevel, List<String> checks) {
        this(name, type, url, path, command, encrypt, compression, compressionLevel, checks, Optional.empty());
    }
}
