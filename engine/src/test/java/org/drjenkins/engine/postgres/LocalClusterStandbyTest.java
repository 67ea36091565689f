package org.drjenkins.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.source.PostgresDumpSource;
import org.drjenkins.engine.source.SourceResult;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** One primary and one streaming standby, shared by the tests; neither test changes who is primary. */
public class LocalClusterStandbyTest {

    private static LocalCluster primary;
    private static LocalCluster standby;

    @BeforeClass
    public static void startPrimaryAndStandby() throws Exception {
        primary = LocalCluster.ephemeral("standby-test-primary");
        primary.execute("postgres", "CREATE TABLE items (id int PRIMARY KEY, label text);"
                + "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 500) g;"
                + "CREATE UNLOGGED TABLE scratch (v int); INSERT INTO scratch VALUES (1), (2)");
        standby = LocalCluster.ephemeralStandbyOf(primary, "standby-test-standby");
    }

    @AfterClass
    public static void removeBoth() throws Exception {
        try {
            if (standby != null) {
                standby.close();
            }
        } finally {
            if (primary != null) {
                primary.close();
            }
        }
    }

    @Test
    public void standbyIsInRecoveryOnItsOwnPortAndReplicatesARow() throws Exception {
        assertThat(standby.port()).isNotEqualTo(primary.port());
        assertThat(standby.inRecovery()).isTrue();
        assertThat(primary.inRecovery()).isFalse();

        primary.execute("postgres", "INSERT INTO items VALUES (1001, 'written on the primary')");

        assertThat(awaitValue(standby, "SELECT label FROM items WHERE id = 1001"))
                .isEqualTo("written on the primary");
        assertThatThrownBy(() -> standby.execute("postgres", "INSERT INTO items VALUES (1002, 'x')"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("read-only transaction");
    }

    @Test
    public void dumpOfTheStandbyRecordsItsReplayPositionAndCountsUnloggedTablesAsEmpty() throws Exception {
        String primaryLsn = primary.sql("postgres", "SELECT pg_current_wal_lsn()::text");
        awaitValue(standby, "SELECT 1 WHERE pg_last_wal_replay_lsn() >= '" + primaryLsn + "'::pg_lsn");
        PostgresDumpSource source = new PostgresDumpSource("replica", standby.url("postgres"), Optional.empty());
        ByteArrayOutputStream dump = new ByteArrayOutputStream();

        SourceResult result = source.writeTo(dump, Progress.NONE);

        assertThat(dump.toByteArray()).startsWith("PGDMP".getBytes());
        assertThat(result.metadata().get("walLsn")).asString().matches("[0-9A-F]+/[0-9A-F]+");
        assertThat(result.metadata().get("walLsn"))
                .isEqualTo(standby.sql("postgres", "SELECT '" + result.metadata().get("walLsn")
                        + "'::pg_lsn::text WHERE '" + result.metadata().get("walLsn") + "'::pg_lsn >= '" + primaryLsn
                        + "'::pg_lsn"));
        @SuppressWarnings("unchecked")
        Map<String, Long> counts = (Map<String, Long>) result.metadata().get("rowCounts");
        // pg_dump writes no data for unlogged tables on a standby (it cannot read them there).
        assertThat(counts).containsEntry("public.scratch", 0L);
        assertThat(counts.get("public.items")).isGreaterThanOrEqualTo(500L);
    }

    /** Polls the standby (replication is asynchronous) until the query returns a row, for at most 10 s. */
    private static String awaitValue(LocalCluster cluster, String query) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            String value = cluster.sql("postgres", query);
            if (value != null || System.nanoTime() > deadline) {
                return value;
            }
            Thread.sleep(20);
        }
    }
}
