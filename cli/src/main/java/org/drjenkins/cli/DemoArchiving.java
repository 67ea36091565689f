package org.drjenkins.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.drjenkins.engine.postgres.ClusterOptions;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.storage.LocalS3Server;

/**
 * The demo's continuous WAL archiving, as production runs it: PostgreSQL's archive_command starts {@code dr wal-push}
 * as the server's OS user. That user cannot read a checkout under root's home, so the packaged jar is copied into the
 * demo's world-readable temp directory first.
 */
final class DemoArchiving {

    static final String COMPONENT = "cluster";

    private DemoArchiving() {
    }

    /** The packaged dr.jar this JVM runs from, or empty when it runs from class folders (an IDE, a unit test). */
    static Optional<Path> runningJar() {
        try {
            Path location = Path.of(DemoArchiving.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(location) && location.toString().endsWith(".jar") ? Optional.of(location) : Optional.empty();
        } catch (URISyntaxException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * Cluster settings whose archive_command runs {@code dr wal-push} from a copy of the jar in {@code home}. The store's
     * keys go into the command: they are the throwaway local store's, removed with the cluster at the end of the demo.
     */
    static ClusterOptions archivingOptions(Path jar, Path home, LocalS3Server s3) throws IOException {
        Path copy = home.resolve("dr.jar");
        Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "env AWS_ACCESS_KEY_ID=" + s3.accessKeyId() + " AWS_SECRET_ACCESS_KEY=" + s3.secretAccessKey()
                + " AWS_REGION=us-east-1 '" + java + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar '" + copy + "' wal-push --config '"
                + home.resolve("dr.yaml") + "' --component " + COMPONENT + " %p";
        return ClusterOptions.defaults().withSetting("archive_mode", "on").withSetting("archive_command", command);
    }

    /** Ends the current WAL segment and waits until archive_command has stored it. */
    static String switchAndAwaitArchived(LocalCluster cluster, Duration patience) throws SQLException, InterruptedException {
        String segment = cluster.sql("postgres", "select pg_walfile_name(pg_switch_wal())");
        Instant deadline = Instant.now().plus(patience);
        while (!"t".equals(cluster.sql("postgres", "select coalesce(last_archived_wal, '') >= '" + segment + "' from pg_stat_archiver"))) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("WAL segment " + segment + " was not archived within " + patience + ": "
                        + cluster.sql("postgres", "select failed_count || ' failed attempts, last ' || coalesce(last_failed_wal, '-') from pg_stat_archiver")
                        + " (see " + cluster.logFile() + ")");
            }
            Thread.sleep(200);
        }
        return segment;
    }
}
