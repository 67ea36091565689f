package org.drjenkins.engine.source;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.drjenkins.engine.postgres.PgConnections;
import org.drjenkins.engine.postgres.PgOutputTail;
import org.drjenkins.engine.postgres.PgProcesses;
import org.drjenkins.engine.postgres.PgTools;
import org.drjenkins.engine.postgres.PgUrl;
import org.drjenkins.engine.postgres.PostgresException;
import org.drjenkins.engine.progress.Progress;

/**
 * One PostgreSQL database as a {@code pg_dump} custom-format archive ({@code <component>.dump}), streamed straight
 * into the caller's stream. The archive is uncompressed ({@code -Z0}): compression happens later, in our codecs.
 * <p>
 * Consistency: a REPEATABLE READ transaction exports its snapshot and stays open while pg_dump dumps with
 * {@code --snapshot} and a second session counts every user table's rows in the same snapshot
 * ({@link SnapshotRowCounter}), so the archive and the recorded row counts describe the same instant
 * ({@link SourceResult#consistentAt()} = that transaction's {@code now()}).
 */
public final class PostgresDumpSource implements BackupSource {

    /** The session name in pg_stat_activity of the connection holding the snapshot. */
    public static final String SNAPSHOT_APPLICATION_NAME = "drjenkins-dump";
    /** The start of pg_dump's session name in pg_stat_activity; a random suffix tells concurrent dumps apart. */
    public static final String PG_DUMP_APPLICATION_NAME_PREFIX = "drjenkins-pg_dump-";

    /*
     * How long the snapshot's row counts and pg_dump's table locks wait behind another session's lock. The counts
     * hold ACCESS SHARE locks until pg_dump ends; a migration asking for ACCESS EXCLUSIVE meanwhile queues behind
     * them, and pg_dump's own lock requests queue behind the migration: without a limit the three would wait on each
     * other forever (the server cannot see that our transaction waits for pg_dump). With it the backup fails with
     * "lock timeout" and the migration proceeds.
     */
    public static final String LOCK_WAIT_TIMEOUT = "60s";


    private static final String SNAPSHOT_FACTS = "SELECT pg_export_snapshot(), now(),"
            + " (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text,"
            + " version(), pg_database_size(current_database()), pg_is_in_recovery()";

    private final String componentName;
    private final PgUrl url;
    private final Optional<String> password;
    private final PgTools tools;

    /** Finds pg_dump with {@link PgTools#locate()} when it runs. */
    public PostgresDumpSource(String componentName, PgUrl url, Optional<String> password) {
        this(componentName, url, password, null);
    }

    /**
     * @param password the database password (from the plan's secrets); empty to rely on PGPASSWORD or ~/.pgpass
     * @param tools    where pg_dump is, or null to locate it when the dump runs
     */
    public PostgresDumpSource(String componentName, PgUrl url, Optional<String> password, PgTools tools) {
        this.componentName = Objects.requireNonNull(componentName, "componentName");
        this.url = Objects.requireNonNull(url, "url");
        this.password = Objects.requireNonNull(password, "password");
        this.tools = tools;
    }

    @Override
    public String artifactName() {
        return componentName + ".dump";
    }

    @Override
    public SourceResult writeTo(OutputStream out, Progress progress) throws IOException, InterruptedException {
        PgTools pgTools = SourceTools.orLocate(tools);
        Connection connection;
        try {
            connection = PgConnections.open(url, password, SNAPSHOT_APPLICATION_NAME);
        } catch (SQLException e) {
            throw new SourceException("Cannot connect to " + url + ": " + oneLine(e), e);
        }
        // Closing the connection ends the snapshot transaction on every path, including failures.
        try (connection) {
            Snapshot snapshot = takeSnapshot(connection);
            SortedMap<String, Long> rowCounts;
            try (SnapshotRowCounter counter = startCounting(snapshot)) {
                progress.info("Snapshot " + snapshot.id() + " of " + url + " at WAL " + snapshot.walLsn() + ": "
                        + counter.tableCount() + " tables, " + snapshot.sizeBytes() + " bytes (rows counted while pg_dump runs)");
                dump(pgTools, snapshot, connection, out, progress);
                rowCounts = awaitCounts(counter);
            }
            commit(connection);
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("serverVersion", snapshot.serverVersion());
            metadata.put("database", url.database());
            metadata.put("databaseSizeBytes", snapshot.sizeBytes());
            metadata.put("walLsn", snapshot.walLsn());
            metadata.put("rowCounts", rowCounts);
            metadata.put("tableCount", rowCounts.size());
            return new SourceResult(snapshot.consistentAt(), Collections.unmodifiableMap(metadata));
        } catch (SQLException e) {
            throw new SourceException("PostgreSQL error while dumping " + url + ": " + oneLine(e), e);
        }
    }

    private record Snapshot(String id, Instant consistentAt, String walLsn, String serverVersion, long sizeBytes,
            boolean inRecovery) {
    }

    private SnapshotRowCounter startCounting(Snapshot snapshot) throws SourceException {
        try {
            return SnapshotRowCounter.lockAndStart(url, password, SNAPSHOT_APPLICATION_NAME, snapshot.id(),
                    LOCK_WAIT_TIMEOUT, snapshot.inRecovery());
        } catch (SQLException e) {
            throw new SourceException("Cannot count rows in the snapshot of " + url + ": " + oneLine(e), e);
        }
    }

    private SortedMap<String, Long> awaitCounts(SnapshotRowCounter counter)
            throws SourceException, InterruptedException {
        try {
            return counter.await();
        } catch (SQLException e) {
            throw new SourceException("Counting rows in the snapshot of " + url + " failed: " + oneLine(e), e);
        }
    }

    private Snapshot takeSnapshot(Connection connection) throws SourceException {
        try (Statement st = connection.createStatement()) {
            st.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            st.execute("SET LOCAL lock_timeout = '" + LOCK_WAIT_TIMEOUT + "'");
            try (ResultSet rs = st.executeQuery(SNAPSHOT_FACTS)) {
                rs.next();
                String id = rs.getString(1);
                Instant at = rs.getObject(2, OffsetDateTime.class).toInstant();
                String lsn = rs.getString(3);
                String version = rs.getString(4);
                long size = rs.getLong(5);
                boolean inRecovery = rs.getBoolean(6);
                return new Snapshot(id, at, lsn, version, size, inRecovery);
            }
        } catch (SQLException e) {
            throw new SourceException("Cannot take a consistent snapshot of " + url + ": " + oneLine(e), e);
        }
    }

    private void dump(PgTools pgTools, Snapshot snapshot, Connection connection, OutputStream out,
            Progress progress) throws IOException, InterruptedException {
        String applicationName = PG_DUMP_APPLICATION_NAME_PREFIX + UUID.randomUUID().toString().substring(0, 8);
        ProcessBuilder pb;
        try {
            pb = pgTools.command("pg_dump", "-Fc", "-Z0", "--no-password", "--snapshot=" + snapshot.id(),
                    "--lock-wait-timeout=" + LOCK_WAIT_TIMEOUT, "-d", url.libpqUrl());
        } catch (PostgresException e) {
            throw new SourceException(e.getMessage(), e);
        }
        // The password goes through the environment: a command line is visible to every user in ps.
        PgConnections.effectivePassword(url, password).ifPresent(p -> pb.environment().put("PGPASSWORD", p));
        pb.environment().put("PGAPPNAME", applicationName);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new SourceException("Cannot start pg_dump: " + e.getMessage(), e);
        }
        PgOutputTail stderr = PgOutputTail.start(process.getErrorStream(), "pg_dump-stderr " + process.pid());
        ProcessOutputPump pump = new ProcessOutputPump(process.getInputStream(), "pg_dump-stdout " + process.pid());
        boolean finished = false;
        try {
            ProgressOutputStream counted = new ProgressOutputStream(out, progress, snapshot.sizeBytes());
            try {
                pump.copyTo(counted);
            } catch (IOException e) {
                if (e == pump.readError()) {
                    throw new SourceException("Reading pg_dump's output failed: " + e.getMessage(), e);
                }
                throw e;
            }
            counted.finish();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new SourceException("pg_dump closed its output but did not exit within 60 s");
            }
            finished = true;
        } finally {
            if (!finished) {
                // Our side failed (the stream, an interrupt): pg_dump must not outlive the attempt.
                PgProcesses.kill(process);
                pump.abandon();
                endServerSession(connection, applicationName);
            }
        }
        stderr.awaitEnd(5, TimeUnit.SECONDS);
        if (process.exitValue() != 0) {
            throw new SourceException("pg_dump exited " + process.exitValue() + ": " + stderr.errorSummary());
        }
    }

    /*
     * A killed pg_dump leaves its server session behind while that session waits for a lock (the server notices the
     * lost client only when it next talks to it), still holding locks and its snapshot. Same user, so allowed.
     */
    private static void endServerSession(Connection connection, String applicationName) {
        boolean interrupted = Thread.interrupted(); // The JDBC driver must not see our interrupt as its own.
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, applicationName);
            ps.executeQuery().close();
        } catch (SQLException e) {
            // Best effort: the session also ends at the server's lock timeout.
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void commit(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("COMMIT");
        }
    }

    private static String oneLine(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }

}
