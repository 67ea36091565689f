package org.drjenkins.engine.failover;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes a marker into {@code dr_marker} on the primary every interval, from its own thread, for as long as a drill
 * runs. Only markers whose commit the server confirmed count: the last of them, compared with the newest marker on the
 * promoted server, is the data the failover lost. When the primary goes away the writer keeps trying (that is the
 * point), reconnecting each round, until {@link #close()}.
 */
public final class MarkerWriter implements MarkerSource, AutoCloseable {

    private final RegionDatabase primary;
    private final Duration every;
    private final AtomicReference<Marker> first = new AtomicReference<>();
    private final AtomicReference<Marker> last = new AtomicReference<>();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;

    private MarkerWriter(RegionDatabase primary, Duration every) {
        this.primary = primary;
        this.every = every;
        this.thread = new Thread(this::loop, "dr-marker-writer " + primary.region());
        this.thread.setDaemon(true);
    }

    /** Writes the first marker now (so the table exists and the primary is known to be writable), then keeps going. */
    public static MarkerWriter start(RegionDatabase primary, Duration every) throws SQLException {
        MarkerWriter writer = new MarkerWriter(primary, every);
        Marker marker = primary.writeMarker();
        writer.committed(marker);
        writer.thread.start();
        return writer;
    }

    private void loop() {
        Connection connection = null;
        while (running) {
            try {
                if (connection == null) {
                    connection = primary.connect(5);
                }
                committed(RegionDatabase.writeMarker(connection));
            } catch (SQLException e) {
                failed.incrementAndGet();
                lastError.set(RegionDatabase.reason(e));
                closeQuietly(connection);
                connection = null;
            }
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                break;
            }
        }
        closeQuietly(connection);
    }

    private void committed(Marker marker) {
        first.compareAndSet(null, marker);
        last.set(marker);
        written.incrementAndGet();
    }

    @Override
    public Optional<Marker> lastCommitted() {
        return Optional.ofNullable(last.get());
    }

    @Override
    public Optional<Marker> firstCommitted() {
        return Optional.ofNullable(first.get());
    }

    public long written() {
        return written.get();
    }

    public long failed() {
        return failed.get();
    }

    public Optional<String> lastError() {
        return Optional.ofNullable(lastError.get());
    }

    /** Stops writing and waits for the thread (a write in progress ends within its connection's timeout). */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(15).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // The server is gone; nothing to release.
            }
        }
    }
}
