package org.drjenkins.engine.failover;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.postgres.PgConnections;
import org.drjenkins.engine.postgres.PgUrl;
import org.drjenkins.engine.util.InvalidRequestException;

/**
 * The SQL a failover runs on one region's server: is it up, is it a standby, how far behind, promote, fence, markers.
 * Every call opens its own short connection: during a failover servers go away, and a pooled connection to a server
 * that was stopped only fails later, somewhere less clear.
 */
public final class RegionDatabase {

    static final String MARKER_TABLE = "dr_marker";
    /** The database a fenced server still lets us into, to undo the fence: it holds no application data. */
    static final String UNFENCE_DATABASE = "template1";
    /** SQLSTATE 55000, what a database with ALLOW_CONNECTIONS false answers a new connection. */
    private static final String NOT_ACCEPTING_CONNECTIONS = "55000";

    private final String region;
    private final PgUrl url;
    private final Optional<String> password;
    private final FailoverLimits limits;

    public RegionDatabase(String region, PgUrl url, Optional<String> password) {
        this(region, url, password, FailoverLimits.defaults());
    }

    public RegionDatabase(String region, PgUrl url, Optional<String> password, FailoverLimits limits) {
        this.region = region;
        this.url = url;
        this.password = PgConnections.effectivePassword(url, password);
        this.limits = limits;
    }

    /** @throws InvalidRequestException when the region has no {@code database:} */
    public static RegionDatabase of(Region region, Optional<String> password) {
        return of(region, password, FailoverLimits.defaults());
    }

    /** @throws InvalidRequestException when the region has no {@code database:} */
    public static RegionDatabase of(Region region, Optional<String> password, FailoverLimits limits) {
        if (region.database() == null) {
            throw new InvalidRequestException("region " + region.name() + " has no database: add database: "
                    + "postgresql://user@host:5432/db to it in dr.yaml");
        }
        return new RegionDatabase(region.name(), PgUrl.parse(region.database()), password, limits);
    }

    public String region() {
        return region;
    }

    public PgUrl url() {
        return url;
    }

    /** {@code region (postgresql://user@host:port/db)}, never a password. */
    public String describe() {
        return region + " (" + url + ")";
    }

    /** Opens a connection; the caller closes it. */
    public Connection connect(int socketTimeoutSeconds) throws SQLException {
        return connect(url, socketTimeoutSeconds);
    }

    /**
     * A connection for the failover's own queries (recovery state, positions, settings, fence): to the region's
     * database, or to {@value #UNFENCE_DATABASE} when a fence stopped that database taking connections, so a fenced
     * server still answers them. Markers never use it: they belong in the region's database.
     */
    private Connection connect(Duration socketTimeout) throws SQLException {
        int seconds = (int) Math.max(1, socketTimeout.toSeconds());
        try {
            return connect(url, seconds);
        } catch (SQLException e) {
            if (NOT_ACCEPTING_CONNECTIONS.equals(e.getSQLState()) && !UNFENCE_DATABASE.equals(url.database())) {
                return connect(url.withDatabase(UNFENCE_DATABASE), seconds);
            }
            throw e;
        }
    }

    /** A connection to the region's database itself, for markers. */
    private Connection connectToDatabase(Duration socketTimeout) throws SQLException {
        return connect(url, (int) Math.max(1, socketTimeout.toSeconds()));
    }

    /** Whether the region's database itself takes connections (a fence stops that). */
    public boolean takesConnections() {
        try (Connection c = connectToDatabase(limits.connect()); Statement st = c.createStatement()) {
            st.execute("select 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private Connection connect(PgUrl target, int socketTimeoutSeconds) throws SQLException {
        int connectSeconds = (int) Math.max(1, limits.connect().toSeconds());
        Properties props = new Properties();
        props.setProperty("user", url.user());
        password.ifPresent(p -> props.setProperty("password", p));
        props.setProperty("connectTimeout", Integer.toString(connectSeconds));
        props.setProperty("loginTimeout", Integer.toString(connectSeconds));
        props.setProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
        props.setProperty("ApplicationName", "dr-failover");
        return PgConnections.connect(target, props);
    }

    /** Whether the server accepts a connection and answers {@code select 1}. */
    public boolean answers() {
        try (Connection c = connect(limits.connect()); Statement st = c.createStatement()) {
            st.execute("select 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    public boolean inRecovery() throws SQLException {
        return "t".equals(single("select pg_is_in_recovery()"));
    }

    /** The WAL position a primary has written up to. */
    public String currentLsn() throws SQLException {
        return single("select pg_current_wal_lsn()::text");
    }

    /** Where a standby stands: replay position, last replayed transaction, whether replay is paused. */
    public ReplayState replayState() throws SQLException {
        try (Connection c = connect(limits.connect()); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select pg_last_wal_replay_lsn()::text, pg_last_wal_receive_lsn()::text, "
                        + "pg_last_xact_replay_timestamp(), clock_timestamp(), "
                        + "case when pg_is_in_recovery() then pg_is_wal_replay_paused() else false end")) {
            rs.next();
            Timestamp replayed = rs.getTimestamp(3);
            return new ReplayState(rs.getString(1), rs.getString(2),
                    replayed == null ? null : replayed.toInstant(), rs.getTimestamp(4).toInstant(), rs.getBoolean(5));
        }
    }

    /**
     * A standby's replay position and the last transaction it replayed.
     *
     * @param replayLsn    {@code pg_last_wal_replay_lsn()}
     * @param receiveLsn   {@code pg_last_wal_receive_lsn()}
     * @param lastReplayed commit time of the last replayed transaction, {@code null} when none since start
     * @param now          the standby's clock
     * @param paused       replay paused
     */
    public record ReplayState(String replayLsn, String receiveLsn, Instant lastReplayed, Instant now, boolean paused) {
    }

    /** {@code pg_promote(wait => true)}: true once the server accepts writes. */
    public boolean promote(Duration wait) throws SQLException {
        int seconds = (int) Math.max(1, wait.toSeconds());
        try (Connection c = connect(Duration.ofSeconds(seconds).plus(FailoverLimits.PROMOTE_ANSWER_SLACK));
                PreparedStatement st = c.prepareStatement("select pg_promote(wait => true, wait_seconds => ?)")) {
            st.setInt(1, seconds);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * What a SQL fence did.
     *
     * @param sessionsEnded client sessions ended
     * @param databases     databases that no longer take connections
     * @param finalLsn      the WAL position after the fence
     * @param refused       whether connections were refused (the databases list may be empty when a fence before did)
     */
    public record Fenced(int sessionsEnded, List<String> databases, String finalLsn, boolean refused) {
    }

    /**
     * Fences an old primary that still answers, and confirms each part holds before it returns:
     * <ol>
     * <li>every new transaction read-only ({@code ALTER SYSTEM SET default_transaction_read_only = on} + reload), seen
     * by a new session. Only a default: a client may still {@code SET SESSION CHARACTERISTICS AS TRANSACTION READ
     * WRITE}, hence the next two;</li>
     * <li>no new connection to any database ({@code ALTER DATABASE … WITH ALLOW_CONNECTIONS false}), except
     * {@value #UNFENCE_DATABASE}, which holds no data and is how {@link #unfence()} gets back in;</li>
     * <li>every other client session ended, and none left.</li>
     * </ol>
     * Replication connections belong to no database and stay, so the standby still receives the last WAL. ALTER DATABASE
     * is replicated: the standby refuses connections to those databases too until its promotion resets them.
     *
     * @throws SQLException when the server refuses a part, or a part does not show within
     *                      {@link FailoverLimits#fenceConfirm()}: the fence does not hold
     */
    public Fenced fence() throws SQLException, InterruptedException {
        return fence(true);
    }

    /**
     * @param refuseConnections also {@code ALTER DATABASE … ALLOW_CONNECTIONS false}: the fence when no stronger one
     *                          (a fenceCommand, stopping a local server) follows
     */
    public Fenced fence(boolean refuseConnections) throws SQLException, InterruptedException {
        try (Connection c = connect(limits.statement()); Statement st = c.createStatement()) {
            st.execute("alter system set default_transaction_read_only = on");
            st.execute("select pg_reload_conf()");
        }
        awaitSetting("on");
        // From the one database left open: a database cannot refuse connections while we are connected to it.
        try (Connection c = connect(url.withDatabase(UNFENCE_DATABASE), (int) limits.statement().toSeconds());
                Statement st = c.createStatement()) {
            // This session may itself start read-only now; ALTER DATABASE is refused in a read-only transaction.
            st.execute("set default_transaction_read_only = off");
            List<String> blocked = new ArrayList<>();
            if (refuseConnections) {
                try (ResultSet rs = st.executeQuery("select datname from pg_database where datallowconn and datname <> '"
                        + UNFENCE_DATABASE + "' order by datname")) {
                    while (rs.next()) {
                        blocked.add(rs.getString(1));
                    }
                }
            }
            for (String database : blocked) {
                st.execute("alter database " + quoteIdent(database) + " with allow_connections false");
            }
            int ended = terminateClients(st);
            if (refuseConnections) {
                // Without refused connections a client may reconnect at once; the stronger fence that follows holds.
                awaitNoClients(st);
            }
            String lsn;
            try (ResultSet rs = st.executeQuery("select pg_current_wal_lsn()::text")) {
                rs.next();
                lsn = rs.getString(1);
            }
            return new Fenced(ended, blocked, lsn, refuseConnections);
        }
    }

    private static int terminateClients(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("select count(pg_terminate_backend(pid)) from pg_stat_activity "
                + "where pid <> pg_backend_pid() and backend_type = 'client backend'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** pg_terminate_backend only signals: wait until no client session but ours is left. */
    private void awaitNoClients(Statement st) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + limits.fenceConfirm().toNanos();
        while (true) {
            try (ResultSet rs = st.executeQuery("select count(*) from pg_stat_activity where pid <> pg_backend_pid() "
                    + "and backend_type = 'client backend' and datname is distinct from '" + UNFENCE_DATABASE + "'")) {
                rs.next();
                int left = rs.getInt(1);
                if (left == 0) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new SQLException(describe() + " still has " + left + " client session(s) "
                            + Seconds.text(limits.fenceConfirm()) + " after they were ended: the fence does not hold");
                }
            }
            terminateClients(st);
            Thread.sleep(FailoverLimits.POLL_INTERVAL.toMillis());
        }
    }

    /** Undoes {@link #fence()}: every database takes connections again and new transactions may write. */
    public void unfence() throws SQLException, InterruptedException {
        try (Connection c = connect(url.withDatabase(UNFENCE_DATABASE), (int) limits.statement().toSeconds());
                Statement st = c.createStatement()) {
            // This session itself may already start read-only; ALTER SYSTEM must not be refused for that.
            st.execute("set default_transaction_read_only = off");
            List<String> blocked = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select datname from pg_database where not datallowconn "
                    + "and datname <> 'template0' order by datname")) {
                while (rs.next()) {
                    blocked.add(rs.getString(1));
                }
            }
            for (String database : blocked) {
                st.execute("alter database " + quoteIdent(database) + " with allow_connections true");
            }
            st.execute("alter system reset default_transaction_read_only");
            st.execute("select pg_reload_conf()");
        }
        awaitSetting("off");
    }

    /** Whether new transactions here may write: answers, not in recovery, not read-only by default, takes connections. */
    public boolean acceptsWrites() {
        try {
            return !inRecovery() && "off".equals(setting("default_transaction_read_only"));
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * A reload reaches new sessions a moment later; wait until one sees it, so "fenced" is true when we say it.
     *
     * @throws SQLException when a new session still sees the old value after {@link FailoverLimits#fenceConfirm()}
     */
    private void awaitSetting(String wanted) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + limits.fenceConfirm().toNanos();
        while (true) {
            String value = singleIn(url.withDatabase(UNFENCE_DATABASE), "show default_transaction_read_only");
            if (wanted.equals(value)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new SQLException("a new session on " + describe() + " still sees default_transaction_read_only = "
                        + value + " " + Seconds.text(limits.fenceConfirm()) + " after it was set to " + wanted
                        + " and the configuration reloaded (is the setting fixed in postgresql.conf's include files, "
                        + "or overridden per role or database?)");
            }
            Thread.sleep(FailoverLimits.POLL_INTERVAL.toMillis());
        }
    }

    private String singleIn(PgUrl target, String sql) throws SQLException {
        try (Connection c = connect(target, (int) limits.statement().toSeconds()); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static String quoteIdent(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** Creates {@code dr_marker} when missing and writes one marker. */
    public Marker writeMarker() throws SQLException {
        try (Connection c = connectToDatabase(limits.statement())) {
            return writeMarker(c);
        }
    }

    /** Writes one marker on an open connection (the marker writer keeps one). */
    static Marker writeMarker(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("create table if not exists " + MARKER_TABLE + " (id bigserial primary key, "
                    + "at timestamptz not null default clock_timestamp(), lsn pg_lsn)");
        }
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("insert into " + MARKER_TABLE + " (at, lsn) values (clock_timestamp(), "
                        + "pg_current_wal_lsn()) returning id, at, lsn::text")) {
            rs.next();
            return new Marker(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3));
        }
    }

    /** The newest marker on this server; empty when the table does not exist or is empty. */
    public Optional<Marker> newestMarker() throws SQLException {
        try (Connection c = connectToDatabase(limits.statement()); Statement st = c.createStatement()) {
            try (ResultSet exists = st.executeQuery("select to_regclass('" + MARKER_TABLE + "') is not null")) {
                exists.next();
                if (!exists.getBoolean(1)) {
                    return Optional.empty();
                }
            }
            try (ResultSet rs = st.executeQuery("select id, at, lsn::text from " + MARKER_TABLE
                    + " order by id desc limit 1")) {
                return rs.next() ? Optional.of(new Marker(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3)))
                        : Optional.empty();
            }
        }
    }

    /** Whether a marker with this id has arrived here (a standby replaying it proves replication works). */
    public boolean hasMarker(long id) throws SQLException {
        try (Connection c = connectToDatabase(limits.statement()); PreparedStatement st = c.prepareStatement(
                "select to_regclass('" + MARKER_TABLE + "') is not null and exists (select 1 from " + MARKER_TABLE
                        + " where id = ?)")) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            // to_regclass is true but the subquery failed: the table is there but not yet visible; not there yet.
            if ("42P01".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /** A setting as this server's new sessions see it ({@code show}). */
    public String setting(String name) throws SQLException {
        if (!name.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a setting name: " + name);
        }
        return single("show " + name);
    }

    /** Runs one statement, e.g. {@code checkpoint} before pg_rewind reads this server's timeline. */
    public void execute(String sql) throws SQLException {
        try (Connection c = connect(limits.command()); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    String single(String sql) throws SQLException {
        try (Connection c = connect(limits.statement()); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The first line of a driver message: enough to say why, without the server's multi-line detail. */
    public static String reason(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }

    @Override
    public String toString() {
        return "RegionDatabase[" + describe() + "]";
    }
}
