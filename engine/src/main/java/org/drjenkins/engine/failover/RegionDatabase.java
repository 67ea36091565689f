package org.drjenkins.engine.failover;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
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

    /** Seconds to wait for a connection: a dead server refuses at once, an unreachable host must not stall the gates. */
    static final int CONNECT_TIMEOUT_SECONDS = 5;
    static final String MARKER_TABLE = "dr_marker";

    private final String region;
    private final PgUrl url;
    private final Optional<String> password;

    public RegionDatabase(String region, PgUrl url, Optional<String> password) {
        this.region = region;
        this.url = url;
        this.password = PgConnections.effectivePassword(url, password);
    }

    /** @throws InvalidRequestException when the region has no {@code database:} */
    public static RegionDatabase of(Region region, Optional<String> password) {
        if (region.database() == null) {
            throw new InvalidRequestException("region " + region.name() + " has no database: add database: "
                    + "postgresql://user@host:5432/db to it in dr.yaml");
        }
        return new RegionDatabase(region.name(), PgUrl.parse(region.database()), password);
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
        Properties props = new Properties();
        props.setProperty("user", url.user());
        password.ifPresent(p -> props.setProperty("password", p));
        props.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        props.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        props.setProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
        props.setProperty("ApplicationName", "dr-failover");
        return PgConnections.connect(url, props);
    }

    /** Whether the server accepts a connection and answers {@code select 1}. */
    public boolean answers() {
        try (Connection c = connect(CONNECT_TIMEOUT_SECONDS); Statement st = c.createStatement()) {
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
        try (Connection c = connect(CONNECT_TIMEOUT_SECONDS); Statement st = c.createStatement();
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
        try (Connection c = connect(seconds + 10);
                PreparedStatement st = c.prepareStatement("select pg_promote(wait => true, wait_seconds => ?)")) {
            st.setInt(1, seconds);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * Fences an old primary that still answers: every new transaction read-only ({@code ALTER SYSTEM SET
     * default_transaction_read_only = on} + reload), then ends every other client session so none keeps writing
     * under the old default. Replication connections stay, so the standby still receives the last WAL.
     *
     * @return how many sessions were ended
     */
    public int fence() throws SQLException, InterruptedException {
        try (Connection c = connect(30); Statement st = c.createStatement()) {
            st.execute("alter system set default_transaction_read_only = on");
            st.execute("select pg_reload_conf()");
        }
        awaitSetting("on");
        try (Connection c = connect(30); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(pg_terminate_backend(pid)) from pg_stat_activity "
                        + "where pid <> pg_backend_pid() and backend_type = 'client backend'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Undoes {@link #fence()}: new transactions may write again. */
    public void unfence() throws SQLException, InterruptedException {
        try (Connection c = connect(30); Statement st = c.createStatement()) {
            // This session itself may already start read-only; ALTER SYSTEM must not be refused for that.
            st.execute("set default_transaction_read_only = off");
            st.execute("alter system reset default_transaction_read_only");
            st.execute("select pg_reload_conf()");
        }
        awaitSetting("off");
    }

    /** A reload reaches new sessions a moment later; wait until one sees it, so "fenced" is true when we say it. */
    private void awaitSetting(String wanted) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            String value = single("show default_transaction_read_only");
            if (wanted.equals(value) || System.nanoTime() > deadline) {
                return;
            }
            Thread.sleep(20);
        }
    }

    /** Creates {@code dr_marker} when missing and writes one marker. */
    public Marker writeMarker() throws SQLException {
        try (Connection c = connect(10)) {
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
        try (Connection c = connect(10); Statement st = c.createStatement()) {
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
        try (Connection c = connect(10); PreparedStatement st = c.prepareStatement(
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
        try (Connection c = connect(120); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    String single(String sql) throws SQLException {
        try (Connection c = connect(30); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
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
