package org.drjenkins.engine.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a component's backup reads. */
public enum ComponentType {
    /** A logical dump of one database with pg_dump (custom format). */
    POSTGRES("postgres"),
    /** A directory tree as a tar stream. */
    DIRECTORY("directory"),
    /** The standard output of a shell command, e.g. {@code kubectl get secrets -A -o json}. */
    COMMAND("command"),
    /**
     * A whole PostgreSQL cluster for point-in-time restore: physical base backups (pg_basebackup) plus the WAL archive
     * that {@code dr wal-push} fills from {@code archive_command}.
     */
    POSTGRES_CLUSTER("postgres-cluster"),
    /**
     * Static assets: the objects of an origin bucket (the one behind the CDN), copied incrementally into every other
     * region's bucket.
     */
    S3_PREFIX("s3-prefix"),
    /**
     * A Jenkins controller's JENKINS_HOME with its keys (secrets/master.key, hudson.util.Secret) and the list of its
     * plugins: a tar tree like a directory component's, proven by booting Jenkins from it.
     */
    JENKINS_HOME("jenkins-home");

    private final String yamlName;

    ComponentType(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public static Optional<ComponentType> fromYaml(String value) {
        return Arrays.stream(values()).filter(t -> t.yamlName.equals(value == null ? "" : value.toLowerCase(Locale.ROOT))).findFirst();
    }

    public static String allowed() {
        return Arrays.stream(values()).map(ComponentType::yamlName).collect(Collectors.joining(", "));
    }
}
