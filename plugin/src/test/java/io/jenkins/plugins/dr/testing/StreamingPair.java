package io.jenkins.plugins.dr.testing;

import io.jenkins.plugins.dr.config.RegionEntry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.drjenkins.engine.postgres.ClusterOptions;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.postgres.PgConnections;
import org.drjenkins.engine.util.TempFiles;

/**
 * A real PostgreSQL 15 primary (region {@value #PRIMARY}) and its streaming standby (region {@value #STANDBY}) on
 * 127.0.0.1, as the regions of a {@link JenkinsPlan}: each region's {@code database} is its cluster and its
 * {@code dataDirectory} the cluster's (agent and clusters share this machine, so the engine can stop and rejoin them).
 * {@link #restore()} brings the pair back to that shape after a test failed over, fenced or stopped something.
 */
public final class StreamingPair implements AutoCloseable {
    public static final String PRIMARY = "us-east-1";
    public static final String STANDBY = "eu-west-1";

    private final LocalCluster primary;
    private final LocalCluster standby;

    private StreamingPair(LocalCluster primary, LocalCluster standby) {
        this.primary = primary;
        this.standby = standby;
    }

    public static StreamingPair start(String purpose) throws Exception {
        LocalCluster primary = LocalCluster.ephemeral(purpose + "-primary");
        try {
            return new StreamingPair(primary, LocalCluster.ephemeralStandbyOf(primary, purpose + "-standby"));
        } catch (Exception e) {
            primary.close();
            throw e;
        }
    }

    public LocalCluster primary() {
        return primary;
    }

    public LocalCluster standby() {
        return standby;
    }

    /**
     * Adds both regions to the plan, the primary first (role primary, bucket use1) then the standby (secondary, euw1).
     *
     * @param standbySettings extra YAML lines of the standby's failover settings (e.g. its healthChecks), or ""
     */
    public void addRegions(JenkinsPlan plan, String standbySettings) {
        RegionEntry us = plan.region(PRIMARY, "primary", "use1");
        us.setDatabase(primary.url("postgres").toString());
        us.setFailoverSettings("dataDirectory: \"" + primary.dataDir() + "\"\n");
        RegionEntry eu = plan.region(STANDBY, "secondary", "euw1");
        eu.setDatabase(standby.url("postgres").toString());
        eu.setFailoverSettings("dataDirectory: \"" + standby.dataDir() + "\"\n" + standbySettings);
    }

    /** Whether an insert commits (running, not in recovery, not fenced read-only). */
    public static boolean writable(LocalCluster cluster) {
        try {
            cluster.execute("postgres", "create table if not exists pair_writes (at timestamptz default now());"
                    + "insert into pair_writes default values");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** True only when the cluster runs and answers that it is in recovery. */
    public static boolean inRecovery(LocalCluster cluster) {
        try {
            return cluster.isRunning() && cluster.inRecovery();
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Back to a writable, unfenced primary in {@value #PRIMARY} with {@value #STANDBY} streaming from it: both running;
     * a primary that had become a standby (a drill's rollback) promoted again; a standby that was promoted, or no
     * longer follows the primary's timeline, rebuilt from a fresh base backup on its own port.
     */
    public void restore() throws Exception {
        for (LocalCluster cluster : new LocalCluster[] {primary, standby}) {
            if (!cluster.isRunning()) {
                cluster.start();
            }
        }
        boolean primaryWasPromoted = false;
        if (primary.inRecovery()) {
            primary.promote();
            primaryWasPromoted = true;
        }
        try (Connection c = PgConnections.open(primary.url("postgres"), Optional.empty());
                Statement st = c.createStatement()) {
            st.execute("set default_transaction_read_only = off");
            st.execute("alter system reset default_transaction_read_only");
            st.execute("select pg_reload_conf()");
        }
        if (primaryWasPromoted || !standby.inRecovery()) {
            standby.stop();
            if (!TempFiles.deleteRecursively(standby.dataDir())) {
                throw new IllegalStateException("cannot delete " + standby.dataDir() + " to rebuild the standby");
            }
            LocalCluster.standbyOf(primary, standby.dataDir(), ClusterOptions.defaults().withPort(standby.port()))
                    .start();
        }
        awaitStreaming();
    }

    /** Writes on the primary and waits (at most 30 s) until the standby replayed it. */
    public void awaitStreaming() throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!writable(primary)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("primary " + primary + " does not accept writes");
            }
            Thread.sleep(50);
        }
        String lsn = primary.sql("postgres", "select pg_current_wal_lsn()::text");
        while (!"t".equals(standby.sql("postgres", "select pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_lsn"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("standby " + standby + " did not replay " + lsn);
            }
            Thread.sleep(20);
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
