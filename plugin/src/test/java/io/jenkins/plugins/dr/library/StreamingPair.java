package io.jenkins.plugins.dr.library;

import io.jenkins.plugins.dr.config.RegionEntry;
import io.jenkins.plugins.dr.testing.JenkinsPlan;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.postgres.PgConnections;

/**
 * A real PostgreSQL primary and its streaming standby for failovers and drills, as the plan's primary region
 * us-east-1 and secondary region eu-west-1; {@link #restore()} makes them primary and standby again after a test
 * failed over.
 */
final class StreamingPair implements AutoCloseable {
    final LocalCluster primary;
    final LocalCluster standby;

    private StreamingPair(LocalCluster primary, LocalCluster standby) {
        this.primary = primary;
        this.standby = standby;
    }

    static StreamingPair start(String purpose) throws Exception {
        LocalCluster primary = LocalCluster.ephemeral(purpose + "-primary");
        try {
            return new StreamingPair(primary, LocalCluster.ephemeralStandbyOf(primary, purpose + "-standby"));
        } catch (Exception e) {
            primary.close();
            throw e;
        }
    }

    /** The two regions, buckets {@code use1} and {@code euw1}, with the databases a failover or drill works on. */
    void addRegionsTo(JenkinsPlan plan) {
        region(plan, "us-east-1", "primary", "use1", primary);
        region(plan, "eu-west-1", "secondary", "euw1", standby);
    }

    /** The data directory lets a drill stop, rewind and restart the server. */
    private static void region(JenkinsPlan plan, String name, String role, String bucket, LocalCluster database) {
        RegionEntry region = plan.region(name, role, bucket);
        region.setDatabase(database.url("postgres").toString());
        region.setFailoverSettings("dataDirectory: \"" + database.dataDir() + "\"");
    }

    /** Primary and standby again whatever a test did: a promoted standby is rewound onto the old primary. */
    void restore() throws Exception {
        for (LocalCluster c : List.of(primary, standby)) {
            if (!c.isRunning()) {
                c.start();
            }
        }
        if (!standby.inRecovery()) {
            if (primary.inRecovery()) {
                // A drill that did not switch back left the old primary following the standby.
                primary.promote();
            }
            primary.execute("postgres", "checkpoint");
            standby.rewindFrom(primary);
            standby.start();
        }
        // A failover fences the old primary read-only in postgresql.auto.conf.
        try (var c = PgConnections.open(primary.url("postgres"), Optional.empty()); var st = c.createStatement()) {
            st.execute("set default_transaction_read_only = off");
            st.execute("alter system reset default_transaction_read_only");
            st.execute("select pg_reload_conf()");
        }
    }

    @Override
    public void close() throws Exception {
        try {
            standby.close();
        } finally {
            primary.close();
        }
    }
}
