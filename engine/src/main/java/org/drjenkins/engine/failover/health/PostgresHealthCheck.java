package org.drjenkins.engine.failover.health;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Connects to PostgreSQL and runs a query that must return a truthy first value: {@code true}, a non-zero number or a
 * non-empty string ({@code select 1} by default; {@code select not pg_is_in_recovery()} checks it is a primary).
 */
public final class PostgresHealthCheck implements HealthCheck {

    public static final String DEFAULT_QUERY = "select 1";

    /** JDBC blocks; the probe runs here so check() returns at its deadline even when the driver does not. */
    private static final ExecutorService PROBES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dr-postgres-health");
        t.setDaemon(true);
        return t;
    });

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final Optional<String> password;
    private final String query;
    private final Duration timeout;

    public PostgresHealthCheck(String host, int port, String database, String user, Optional<String> password, String query,
            Duration timeout) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.query = query == null || query.isBlank() ? DEFAULT_QUERY : query;
        this.timeout = timeout;
    }

    public PostgresHealthCheck(String host, int port, String database, String user, Optional<String> password, Duration timeout) {
        this(host, port, database, user, password, DEFAULT_QUERY, timeout);
    }

    @Override
    public HealthResult check() {
        Probe probe = new Probe();
        Future<String> answer;
        try {
            answer = PROBES.submit(this::queryOnce);
        } catch (RuntimeException e) {
            return probe.failed(target() + ": cannot start the probe: " + Probe.reason(e));
        }
        try {
            String value = answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return probe.healthy(target() + ": " + query + " returned " + value);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return probe.failed(target() + ": no answer within " + Probe.seconds(timeout));
        } catch (ExecutionException e) {
            return probe.failed(target() + ": " + Probe.reason(e.getCause() == null ? e : e.getCause()));
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            return probe.failed(target() + ": interrupted");
        }
    }

    /** Returns the first value when it is truthy, else throws with the reason. */
    private String queryOnce() throws SQLException {
        try (Connection connection = new org.postgresql.Driver().connect(url(), properties())) {
            if (connection == null) {
                throw new SQLException("the PostgreSQL driver did not accept " + url());
            }
            try (Statement statement = connection.createStatement()) {
                statement.setQueryTimeout(timeoutSeconds());
                try (ResultSet rows = statement.executeQuery(query)) {
                    if (!rows.next()) {
                        throw new SQLException(query + " returned no row");
                    }
                    Object value = rows.getObject(1);
                    if (!truthy(value)) {
                        throw new SQLException(query + " returned " + value);
                    }
                    return String.valueOf(value);
                }
            }
        }
    }

    static boolean truthy(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n.doubleValue() != 0;
        }
        return !value.toString().isEmpty();
    }

    private String url() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + database;
    }

    private Properties properties() {
        Properties p = new Properties();
        p.setProperty("user", user);
        password.ifPresent(pw -> p.setProperty("password", pw));
        // The driver takes whole seconds: round up so a sub-second timeout still allows one attempt.
        String seconds = String.valueOf(timeoutSeconds());
        p.setProperty("connectTimeout", seconds);
        p.setProperty("socketTimeout", seconds);
        p.setProperty("loginTimeout", seconds);
        p.setProperty("ApplicationName", "dr-health-check");
        return p;
    }

    private int timeoutSeconds() {
        return (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
    }

    private String target() {
        return "PostgreSQL " + user + "@" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port + "/" + database;
    }

    @Override
    public String describe() {
        return target() + " runs " + query;
    }

    @Override
    public String toString() {
        return describe();
    }
}
