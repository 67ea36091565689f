package org.drjenkins.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Creating and removing clusters is what this class tests, so its tests make their own: a managed cluster (created
 * once for the class) and one ephemeral cluster.
 */
public class LocalClusterLifecycleTest {

    private static Path parent;
    private static ServerSocket blocker;
    private static LocalCluster managed;

    @BeforeClass
    public static void createManagedClusterOnAPortSomeoneElseHolds() throws Exception {
        // Traversable by the postgres OS user, which runs the server when the tests run as root.
        parent = Files.createTempDirectory("local-cluster-lifecycle-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        blocker = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        managed = LocalCluster.create(parent.resolve("data"),
                ClusterOptions.defaults().withPort(blocker.getLocalPort()));
    }

    @AfterClass
    public static void removeEverything() throws Exception {
        blocker.close();
        if (managed != null) {
            managed.destroy();
        }
        Files.deleteIfExists(parent);
    }

    @Test
    public void managedClusterStartsAnswersStopsAndDestroyLeavesNoPostmasterAndNoDirectory() throws Exception {
        assertThat(managed.isRunning()).isFalse();
        assertThat(managed.dataDir().resolve("PG_VERSION")).exists();

        // The port is taken: start fails with the server's own reason and where its log is.
        assertThatThrownBy(managed::start)
                .isInstanceOf(PostgresException.class)
                .hasMessageContaining("did not start on 127.0.0.1:" + blocker.getLocalPort())
                .hasMessageContaining("Address already in use")
                .hasMessageContaining(managed.logFile().toString());
        assertThat(managed.isRunning()).isFalse();
        blocker.close();

        managed.start();
        assertThat(managed.isRunning()).isTrue();
        long pid = managed.postmasterPid().orElseThrow();
        assertThat(managed.sql("postgres", "SELECT current_setting('data_checksums')")).isEqualTo("on");
        assertThat(managed.sql("postgres", "SELECT current_setting('listen_addresses')")).isEqualTo("127.0.0.1");
        assertThat(managed.sql("postgres", "SELECT 6 * 7")).isEqualTo("42");
        assertThat(managed.sql("postgres", "SELECT 1 WHERE false")).isNull();
        managed.execute("postgres", "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('survives a restart')");

        managed.stop();
        assertThat(managed.isRunning()).isFalse();
        assertThat(PgProcesses.isRunning(pid)).isFalse();

        LocalCluster reopened = LocalCluster.open(managed.dataDir());
        assertThat(reopened.port()).isEqualTo(managed.port());
        reopened.start();
        assertThat(managed.sql("postgres", "SELECT v FROM kept")).isEqualTo("survives a restart");
        long secondPid = managed.postmasterPid().orElseThrow();

        managed.destroy();
        assertThat(PgProcesses.isRunning(secondPid)).isFalse();
        assertThat(managed.dataDir()).doesNotExist();
        assertThat(parent).exists();
    }

    @Test
    public void closingAnEphemeralClusterRemovesItsServerAndTemporaryDirectory() throws Exception {
        LocalCluster cluster = LocalCluster.ephemeral("lifecycle test");
        Path tempParent = cluster.dataDir().getParent();
        long pid;
        try (cluster) {
            assertThat(cluster.isEphemeral()).isTrue();
            assertThat(ClustersAtExit.live()).as("destroyed at JVM exit unless closed").contains(cluster);
            assertThat(cluster.sql("postgres", "SELECT current_user")).isEqualTo("postgres");
            assertThat(cluster.url("postgres").toString())
                    .isEqualTo("postgresql://postgres@127.0.0.1:" + cluster.port() + "/postgres");
            pid = cluster.postmasterPid().orElseThrow();
            if (PgTools.runningAsRoot()) {
                assertThat(Files.getOwner(tempParent).getName()).isEqualTo(PgTools.SERVER_OS_USER);
                assertThat(Files.getOwner(cluster.dataDir()).getName()).isEqualTo(PgTools.SERVER_OS_USER);
            }
        }
        assertThat(PgProcesses.isRunning(pid)).isFalse();
        assertThat(tempParent).doesNotExist();
        assertThat(cluster.isRunning()).isFalse();
        assertThat(ClustersAtExit.live()).as("the exit hook forgets a destroyed cluster").doesNotContain(cluster);
    }

    @Test
    public void aStartThatFailsSaysWhyFromTheServerLogOnOneLine() throws Exception {
        Path dir = Files.createTempDirectory("drjenkins-serverlog-");
        try {
            Path file = dir.resolve("server.log");
            Files.writeString(file, "2026-12-02 07:00:00.000 UTC [1] LOG:  starting PostgreSQL 15\n");
            ServerLog log = new ServerLog(file);
            long before = log.size();
            Files.writeString(file, "2026-12-02 07:00:01.000 UTC [2] LOG:  listening\n"
                    + "2026-12-02 07:00:01.001 UTC [2] FATAL:  could not create lock file \"postmaster.pid\": "
                    + "Permission denied\n\n", java.nio.file.StandardOpenOption.APPEND);

            List<String> since = log.since(before);

            assertThat(since).hasSize(2).noneMatch(l -> l.contains("starting PostgreSQL"));
            assertThat(ServerLog.explain(since)).isEqualTo("FATAL: could not create lock file \"postmaster.pid\": "
                    + "Permission denied");
            assertThat(new ServerLog(dir.resolve("absent.log")).since(0)).isEmpty();
        } finally {
            org.drjenkins.engine.util.TempFiles.deleteRecursively(dir);
        }
    }
}
