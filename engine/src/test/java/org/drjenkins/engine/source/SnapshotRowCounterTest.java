package org.drjenkins.engine.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.postgres.PgConnections;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** Row counts taken in an exported snapshot on their own session, against a real PostgreSQL 15 cluster. */
public class SnapshotRowCounterTest {

    private static final String APP = "counter-test";
    private static LocalCluster cluster;

    @BeforeClass
    public static void startCluster() throws Exception {
        cluster = LocalCluster.ephemeral("snapshot row counter test");
        cluster.execute("postgres", "CREATE DATABASE counts");
        cluster.execute("counts", "CREATE TABLE items (id int PRIMARY KEY);"
                + "INSERT INTO items SELECT g FROM generate_series(1, 500) g;"
                + "CREATE TABLE \"Other Items\" (id int); INSERT INTO \"Other Items\" VALUES (1), (2)");
    }

    @AfterClass
    public static void removeCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    public void countsWhatTheExportedSnapshotSeesNotWhatWasCommittedSince() throws Exception {
        try (Connection exporter = PgConnections.open(cluster.url("counts"), Optional.empty(), "exporter")) {
            String snapshot = exportSnapshot(exporter);
            cluster.execute("counts", "INSERT INTO items SELECT g FROM generate_series(501, 800) g");

            try (SnapshotRowCounter counter = SnapshotRowCounter.lockAndStart(cluster.url("counts"), Optional.empty(),
                    APP, snapshot, "5s", false)) {
                assertThat(counter.tableCount()).isEqualTo(2);
                assertThat(counter.await()).containsExactly(Map.entry("public.Other Items", 2L),
                        Map.entry("public.items", 500L));
            }
        }
        assertThat(cluster.sql("counts", "SELECT count(*) FROM items")).isEqualTo("800");
        cluster.execute("counts", "DELETE FROM items WHERE id > 500");
    }

    @Test
    public void holdsItsTableLocksUntilTheCountsAreCollectedSoAMigrationWaits() throws Exception {
        try (Connection exporter = PgConnections.open(cluster.url("counts"), Optional.empty(), "exporter");
                SnapshotRowCounter counter = SnapshotRowCounter.lockAndStart(cluster.url("counts"), Optional.empty(),
                        APP, exportSnapshot(exporter), "5s", false)) {
            assertThat(cluster.sql("counts", "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid)"
                    + " WHERE a.application_name = '" + APP + "' AND l.mode = 'AccessShareLock'"
                    + " AND l.relation IN ('items'::regclass, '\"Other Items\"'::regclass)")).isEqualTo("2");
            counter.await();
        }
        assertThat(sessions()).isEqualTo("0");
    }

    @Test
    public void aTableLockedByAMigrationFailsWithinTheLockTimeoutAndLeavesNoSession() throws Exception {
        try (Connection exporter = PgConnections.open(cluster.url("counts"), Optional.empty(), "exporter");
                Connection migration = PgConnections.open(cluster.url("counts"), Optional.empty(), "migration")) {
            String snapshot = exportSnapshot(exporter);
            migration.setAutoCommit(false);
            try (Statement st = migration.createStatement()) {
                st.execute("LOCK TABLE items IN ACCESS EXCLUSIVE MODE");
            }
            long start = System.nanoTime();

            assertThatThrownBy(() -> SnapshotRowCounter.lockAndStart(cluster.url("counts"), Optional.empty(), APP,
                    snapshot, "300ms", false))
                    .isInstanceOf(SQLException.class).hasMessageContaining("lock timeout");
            assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
            migration.rollback();
        }
        assertThat(sessions()).isEqualTo("0");
    }

    private static String exportSnapshot(Connection exporter) throws SQLException {
        try (Statement st = exporter.createStatement()) {
            st.execute("BEGIN ISOLATION LEVEL REPEATABLE READ");
            try (ResultSet rs = st.executeQuery("SELECT pg_export_snapshot()")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** Sessions of the counter still on the server; closing is asynchronous there, so give them a moment. */
    private static String sessions() throws Exception {
        String count = null;
        for (int i = 0; i < 250; i++) {
            count = cluster.sql("postgres", "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + APP + "'");
            if ("0".equals(count)) {
                break;
            }
            Thread.sleep(20);
        }
        return count;
    }
}
