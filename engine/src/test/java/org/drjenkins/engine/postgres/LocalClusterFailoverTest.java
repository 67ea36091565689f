package org.drjenkins.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** A primary/standby pair that the test fails over and back together again. */
public class LocalClusterFailoverTest {

    private static LocalCluster oldPrimary;
    private static LocalCluster oldStandby;

    @BeforeClass
    public static void startPrimaryAndStandby() throws Exception {
        oldPrimary = LocalCluster.ephemeral("failover-test-primary");
        oldPrimary.execute("postgres", "CREATE TABLE events (id int PRIMARY KEY, what text);"
                + "INSERT INTO events VALUES (1, 'before the failover')");
        oldStandby = LocalCluster.ephemeralStandbyOf(oldPrimary, "failover-test-standby");
    }

    @AfterClass
    public static void removeBoth() throws Exception {
        try {
            if (oldStandby != null) {
                oldStandby.close();
            }
        } finally {
            if (oldPrimary != null) {
                oldPrimary.close();
            }
        }
    }

    @Test
    public void promotedStandbyAcceptsWritesAndTheRewoundOldPrimaryFollowsIt() throws Exception {
        await(oldStandby, "SELECT what FROM events WHERE id = 1");
        int oldPrimaryPort = oldPrimary.port();

        oldStandby.promote();
        assertThat(oldStandby.inRecovery()).isFalse();
        oldStandby.execute("postgres", "INSERT INTO events VALUES (2, 'on the new primary')");
        assertThat(oldStandby.sql("postgres", "SELECT count(*) FROM events")).isEqualTo("2");

        // Split brain: the old primary took a write the new one never saw, then crashed.
        oldPrimary.execute("postgres", "INSERT INTO events VALUES (3, 'lost on the old primary');"
                + "CHECKPOINT");
        oldPrimary.kill();
        assertThat(oldPrimary.isRunning()).isFalse();

        oldPrimary.rewindFrom(oldStandby);
        oldPrimary.start();

        assertThat(oldPrimary.port()).isEqualTo(oldPrimaryPort);
        assertThat(oldPrimary.inRecovery()).isTrue();
        oldStandby.execute("postgres", "INSERT INTO events VALUES (4, 'replicated back')");
        assertThat(await(oldPrimary, "SELECT what FROM events WHERE id = 4")).isEqualTo("replicated back");
        assertThat(oldPrimary.sql("postgres", "SELECT count(*) FROM events WHERE id = 3")).isEqualTo("0");
        assertThat(oldPrimary.sql("postgres", "SELECT string_agg(id::text, ',' ORDER BY id) FROM events"))
                .isEqualTo("1,2,4");
    }

    private static String await(LocalCluster cluster, String query) throws Exception {
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
