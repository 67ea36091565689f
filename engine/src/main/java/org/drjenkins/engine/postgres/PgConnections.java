package org.drjenkins.engine.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
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
        return DriverManager.getConnection(url.jdbcUrl(), props);
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
