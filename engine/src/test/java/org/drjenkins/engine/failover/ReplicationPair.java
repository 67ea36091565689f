package org.drjenkins.engine.failover;

import java.nio.file.Files;
import java.sql.SQLException;
import org.drjenkins.engine.postgres.ClusterOptions;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.util.TempFiles;

/**
 * A real PostgreSQL primary and its streaming standby on 127.0.0.1, shared by the tests of one class. Cluster a is
 * region us-east-1, cluster b region eu-west-1; which one is primary changes with every failover, and
 * {@link #restore()} brings the pair back to one writable primary with one streaming standby, whichever way round.
 */
public final class ReplicationPair implements AutoCloseable {

    public static final String REGION_A = "us-east-1";
    public static final String REGION_B = "eu-west-1";

    private final LocalCluster a;
    private final LocalCluster b;
    private final boolean rewindable;

    private ReplicationPair(LocalCluster a, LocalCluster b, boolean rewindable) {
        this.a = a;
        this.b = b;
        this.rewindable = rewindable;
    }

    public static ReplicationPair start(String purpose) throws Exception {
        return start(purpose, ClusterOptions.defaults());
    }

    /**
     * A pair whose primary is made with {@code options}; the standby, a base backup of it, shares its data checksums
     * (or their absence). Without checksums or wal_log_hints pg_rewind refuses both, so {@link #restore()} rebuilds
     * the old primary from a base backup instead.
     */
    public static ReplicationPair start(String purpose, ClusterOptions options) throws Exception {
        LocalCluster a = LocalCluster.ephemeral(purpose + "-a", options);
        try {
            return new ReplicationPair(a, LocalCluster.ephemeralStandbyOf(a, purpose + "-b"),
                    options.dataChecksums() || "on".equals(options.settings().get("wal_log_hints")));
        } catch (Exception e) {
            a.close();
            throw e;
        }
    }

    public LocalCluster cluster(String region) {
        return region.equals(REGION_A) ? a : b;
    }

    /** The writable one; of two (after a failover) the promoted one; of none running the one that is no standby. */
    public String primaryRegion() throws SQLException {
        boolean aPrimary = a.isRunning() && !"t".equals(admin(a, "select pg_is_in_recovery()"));
        boolean bPrimary = b.isRunning() && !"t".equals(admin(b, "select pg_is_in_recovery()"));
        if (aPrimary && bPrimary) {
            return timeline(a) > timeline(b) ? REGION_A : REGION_B;
        }
        if (aPrimary || bPrimary) {
            return aPrimary ? REGION_A : REGION_B;
        }
        return Files.exists(a.dataDir().resolve("standby.signal")) ? REGION_B : REGION_A;
    }

    public String standbyRegion() throws SQLException {
        return primaryRegion().equals(REGION_A) ? REGION_B : REGION_A;
    }

    public LocalCluster primary() throws SQLException {
        return cluster(primaryRegion());
    }

    public LocalCluster standby() throws SQLException {
        return cluster(standbyRegion());
    }

    /** Whether an insert on the cluster commits (running, not in recovery, not fenced read-only). */
    public static boolean writable(LocalCluster cluster) {
        try {
            cluster.execute("postgres", "create table if not exists pair_writes (at timestamptz default now());"
                    + "insert into pair_writes default values");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** True only when the cluster answers that it is in recovery (asked through template1, which a fence leaves open). */
    public static boolean inRecovery(LocalCluster cluster) {
        try {
            return cluster.isRunning() && "t".equals(admin(cluster, "select pg_is_in_recovery()"));
        } catch (SQLException e) {
            return false;
        }
    }

    /** One value, asked through template1: a fenced server refuses connections to its other databases. */
    static String admin(LocalCluster cluster, String sql) throws SQLException {
        try (java.sql.Connection c = org.drjenkins.engine.postgres.PgConnections.open(cluster.url("template1"),
                java.util.Optional.empty()); java.sql.Statement st = c.createStatement()) {
            return single(st, sql);
        }
    }

    /**
     * Back to one writable primary and one standby streaming from it: both running, a promoted standby's old primary
     * rewound to follow it, no fence, replay not paused.
     */
    public void restore() throws Exception {
        for (LocalCluster c : new LocalCluster[] {a, b}) {
            if (!c.isRunning()) {
                c.start();
            }
            allowConnections(c);
        }
        boolean aPrimary = !a.inRecovery();
        boolean bPrimary = !b.inRecovery();
        if (aPrimary && bPrimary) {
            // Split after a failover: the one on the newer timeline is the promoted one; the other follows it.
            LocalCluster newer = timeline(a) > timeline(b) ? a : b;
            LocalCluster older = newer == a ? b : a;
            // pg_rewind reads the source's timeline from its control file, which a promotion updates only at the
            // next checkpoint.
            newer.execute("postgres", "checkpoint");
            if (rewindable) {
                older.rewindFrom(newer);
                older.start();
            } else {
                rebuild(older, newer);
            }
        }
        LocalCluster primary = primary();
        LocalCluster standby = standby();
        standby.execute("postgres", "select pg_wal_replay_resume()");
        try (java.sql.Connection c = org.drjenkins.engine.postgres.PgConnections.open(primary.url("postgres"),
                java.util.Optional.empty()); java.sql.Statement st = c.createStatement()) {
            st.execute("set default_transaction_read_only = off");
            st.execute("alter system reset default_transaction_read_only");
            st.execute("select pg_reload_conf()");
        }
        awaitStreaming();
    }

    /** Undoes the connection part of a fence (ALLOW_CONNECTIONS false), through template1, which a fence leaves open. */
    private static void allowConnections(LocalCluster cluster) throws SQLException {
        try (java.sql.Connection c = org.drjenkins.engine.postgres.PgConnections.open(cluster.url("template1"),
                java.util.Optional.empty()); java.sql.Statement st = c.createStatement()) {
            if (!"t".equals(single(st, "select pg_is_in_recovery()"))) {
                st.execute("set default_transaction_read_only = off");
                java.util.List<String> blocked = new java.util.ArrayList<>();
                try (java.sql.ResultSet rs = st.executeQuery("select datname from pg_database where not datallowconn "
                        + "and datname <> 'template0'")) {
                    while (rs.next()) {
                        blocked.add(rs.getString(1));
                    }
                }
                for (String db : blocked) {
                    st.execute("alter database \"" + db + "\" with allow_connections true");
                }
            }
        }
    }

    private static String single(java.sql.Statement st, String sql) throws SQLException {
        try (java.sql.ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Replaces the old primary's data directory by a base backup of the new one, on the same port. */
    private static void rebuild(LocalCluster older, LocalCluster newer) throws Exception {
        older.stop();
        if (!TempFiles.deleteRecursively(older.dataDir())) {
            throw new IllegalStateException("cannot delete " + older.dataDir() + " to rebuild it");
        }
        // The original LocalCluster object keeps working: same directory, same port.
        LocalCluster.standbyOf(newer, older.dataDir(), ClusterOptions.defaults().withPort(older.port())).start();
    }

    /** Writes on the primary and waits until the standby has it. */
    public void awaitStreaming() throws Exception {
        LocalCluster primary = primary();
        LocalCluster standby = standby();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!writable(primary)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("primary " + primary + " does not accept writes");
            }
            Thread.sleep(50);
        }
        String lsn = primary.sql("postgres", "select pg_current_wal_lsn()::text");
        while (true) {
            String replayed = standby.sql("postgres", "select pg_last_wal_replay_lsn()::text");
            if (Lsn.parse(replayed) >= Lsn.parse(lsn)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("standby " + standby + " did not replay " + lsn + " (at " + replayed + ")");
            }
            Thread.sleep(20);
        }
    }

    private static long timeline(LocalCluster cluster) throws SQLException {
        return Long.parseLong(admin(cluster, "select substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)"), 16);
    }

    @Override
    public void close() throws Exception {
        try {
            b.close();
        } finally {
            a.close();
        }
    }
}
