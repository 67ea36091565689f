package org.drjenkins.engine.postgres;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * Opens JDBC connections. The password travels as a connection property, never inside the URL string, so it cannot
 * leak through a logged URL. Password order: the given one, one found in the URL, PGPASSWORD (as libpq does; pgjdbc
 * reads ~/.pgpass itself but not PGPASSWORD), else none.
 */
public final class PgConnections {

    /** Fail fast on an unreachable server instead of the driver's long default. */
    public static final int CONNECT_TIMEOUT_SECONDS = 10;

    private static final Driver DRIVER = new org.postgresql.Driver();

    private PgConnections() {
    }

    public static Connection open(PgUrl url, Optional<String> password) throws SQLException {
        return open(url, password, "drjenkins");
    }

    /** Like {@link #open(PgUrl, Optional)}, naming the session in pg_stat_activity. */
    public static Connection open(PgUrl url, Optional<String> password, String applicationName)
            throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", url.user());
        effectivePassword(url, password).ifPresent(p -> props.setProperty("password", p));
        props.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        props.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        props.setProperty("ApplicationName", applicationName);
        return connect(url, props);
    }

    /**
     * Connects through pgjdbc's driver directly, not {@code DriverManager}: DriverManager registers the drivers its
     * first caller's class loader sees, and inside Jenkins that is core's, which cannot see the driver this plugin
     * bundles ("No suitable driver found"). Every connection of the engine goes through here.
     *
     * @param props {@code user}, {@code password} and the driver's other properties
     */
    public static Connection connect(PgUrl url, Properties props) throws SQLException {
        Connection connection = DRIVER.connect(url.jdbcUrl(), props);
        if (connection == null) {
            // The driver answers null for a URL it does not accept: say so instead of a NullPointerException later.
            throw new SQLException("not a PostgreSQL JDBC URL: " + url);
        }
        return connection;
    }

    /** The password a libpq tool or the driver should use for {@code url}; see the class comment for the order. */
    public static Optional<String> effectivePassword(PgUrl url, Optional<String> password) {
        if (password.isPresent()) {
            return password;
        }
        if (url.password().isPresent()) {
            return url.password();
        }
        String env = System.getenv("PGPASSWORD");
        return env == null || env.isEmpty() ? Optional.empty() : Optional.of(env);
    }
}
