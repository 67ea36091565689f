package org.drjenkins.engine.wal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.drjenkins.engine.postgres.ClusterOptions;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.util.TempFiles;
import org.junit.rules.ExternalResource;

/**
 * A real PostgreSQL 15 cluster with WAL archiving on (a {@code @ClassRule}). By default its archive_command copies
 * each file into a local directory, from where a test pushes it in-process; the CLI's end-to-end test passes
 * {@code dr wal-push} as archive_command instead.
 */
public final class ArchivingCluster extends ExternalResource {

    private final String purpose;
    private final String archiveCommand;
    private Path archiveDir;
    private LocalCluster cluster;

    /** Archives into a local directory ({@link #archivedFiles()}). */
    public ArchivingCluster(String purpose) {
        this(purpose, null);
    }

    /** Archives with {@code archiveCommand} ({@code %p} and {@code %f} as PostgreSQL expands them). */
    public ArchivingCluster(String purpose, String archiveCommand) {
        this.purpose = purpose;
        this.archiveCommand = archiveCommand;
    }

    @Override
    protected void before() throws Throwable {
        archiveDir = Files.createTempDirectory("dr-test-archive-");
        // The server's OS user writes here; the test reads.
        Files.setPosixFilePermissions(archiveDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        String command = archiveCommand != null ? archiveCommand : "test ! -f '" + archiveDir + "/%f' && cp %p '" + archiveDir + "/%f'";
        cluster = LocalCluster.ephemeral(purpose, ClusterOptions.defaults().withSetting("archive_mode", "on")
                .withSetting("archive_command", command));
    }

    @Override
    protected void after() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not remove the test cluster: " + e.getMessage(), e);
        } finally {
            TempFiles.deleteRecursively(archiveDir);
        }
    }

    public LocalCluster cluster() {
        return cluster;
    }

    /**
     * Ends the current segment (something must have been written since the last switch) and waits until the
     * archiver has archived it. Returns its name.
     */
    public String switchSegment() throws SQLException, InterruptedException {
        String segment = cluster.sql("postgres", "SELECT pg_walfile_name(pg_switch_wal())");
        awaitArchived(segment, 60_000);
        return segment;
    }

    /** Waits until archive_command has succeeded for {@code segment} (or a later one). */
    public void awaitArchived(String segment, long timeoutMillis) throws SQLException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            String last = cluster.sql("postgres", "SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver");
            if (last.length() >= 24 && last.substring(0, 24).compareTo(segment) >= 0) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(segment + " was not archived within " + timeoutMillis + " ms (last archived: " + last
                        + ", " + cluster.sql("postgres", "SELECT failed_count || ' failures, last ' || coalesce(last_failed_wal, '-')"
                        + " FROM pg_stat_archiver") + "; log " + cluster.logFile() + ")");
            }
            Thread.sleep(50);
        }
    }

    /** Files archive_command copied so far, oldest first. */
    public List<Path> archivedFiles() throws IOException {
        try (Stream<Path> files = Files.list(archiveDir)) {
            return files.sorted().toList();
        }
    }

    /** Pushes every locally archived file not pushed yet, as archive_command would have. */
    public void pushAll(WalPusher pusher) throws IOException {
        for (Path file : archivedFiles()) {
            pusher.push(file);
        }
    }
}
