package org.drjenkins.engine.source;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicReference;
import org.drjenkins.engine.postgres.PgConnections;
import org.drjenkins.engine.postgres.PgRowCounts;
import org.drjenkins.engine.postgres.PgUrl;
import org.postgresql.PGConnection;

/**
 * Counts every user table's rows in an exported snapshot, on a second connection, while pg_dump dumps the same
 * snapshot. The counts scan every table: on a large database as long as the dump itself, which they used to delay.
 *
 * <p>The tables are locked (ACCESS SHARE) in {@link #lockAndStart} before the caller starts pg_dump, as the counts
 * did when they ran first: a migration asking for ACCESS EXCLUSIVE meanwhile still queues behind them, pg_dump's own
 * locks behind the migration, and the lock timeout ends the wait instead of letting the three wait forever.
 */
final class SnapshotRowCounter implements AutoCloseable {

    private final Connection connection;
    private final int tableCount;
    private final Thread thread;
    private final AtomicReference<SortedMap<String, Long>> counts = new AtomicReference<>();
    private final AtomicReference<SQLException> failure = new AtomicReference<>();

    private SnapshotRowCounter(Connection connection, List<PgRowCounts.Table> tables, boolean inRecovery) {
        this.connection = connection;
        this.tableCount = tables.size();
        this.thread = new Thread(() -> {
            try {
                counts.set(PgRowCounts.count(connection, tables, inRecovery));
            } catch (SQLException e) {
                failure.set(e);
            }
        }, "dr-row-counts");
        thread.setDaemon(true);
    }

    /**
     * Opens the second connection, joins the snapshot, locks every user table and starts counting in the background.
     *
     * @throws SQLException when any of that fails (the connection is closed again)
     */
    static SnapshotRowCounter lockAndStart(PgUrl url, Optional<String> password, String applicationName,
            String snapshotId, String lockTimeout, boolean inRecovery) throws SQLException {
        Connection connection = PgConnections.open(url, password, applicationName);
        try {
            List<PgRowCounts.Table> tables;
            try (Statement st = connection.createStatement()) {
                st.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                // Must come first in the transaction; the id is pg_export_snapshot()'s, never user input.
                st.execute("SET TRANSACTION SNAPSHOT '" + snapshotId.replace("'", "''") + "'");
                st.execute("SET LOCAL lock_timeout = '" + lockTimeout + "'");
            }
            tables = PgRowCounts.tables(connection);
            PgRowCounts.lock(connection, tables);
            SnapshotRowCounter counter = new SnapshotRowCounter(connection, tables, inRecovery);
            counter.thread.start();
            return counter;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /** How many tables are being counted (all of them locked). */
    int tableCount() {
        return tableCount;
    }

    /** Waits for the counts; the transaction ends here, releasing the locks (pg_dump holds its own). */
    SortedMap<String, Long> await() throws SQLException, InterruptedException {
        thread.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        try (Statement st = connection.createStatement()) {
            st.execute("COMMIT");
        }
        return counts.get();
    }

    /** Stops a count still running (the server cancels its query) and closes the connection, releasing the locks. */
    @Override
    public void close() {
        // Cleanup must finish even on an interrupted thread: wait uninterrupted, restore the flag at the end.
        boolean interrupted = Thread.interrupted();
        if (thread.isAlive()) {
            try {
                connection.unwrap(PGConnection.class).cancelQuery();
            } catch (SQLException e) {
                // The query ended meanwhile, or the server is gone: closing below ends the session either way.
            }
            while (true) {
                try {
                    thread.join(10_000);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        closeQuietly(connection);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing ends the server session; nothing else to do.
        }
    }
}
