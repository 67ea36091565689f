package org.drjenkins.engine.restore;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.postgres.PgConnections;
import org.drjenkins.engine.postgres.PgUrl;
import org.drjenkins.engine.postgres.PostgresException;
import org.drjenkins.engine.postgres.PostgresRestorer;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.util.Parameter;

/**
 * Restores a pg_dump (custom format) into the database a URL names: {@code pg_restore -j N} from the verified local
 * file into a staging database on the same server, its row counts compared with those the dump recorded, and only
 * then renamed to the target's name (the old database, if replaced, is dropped just before). A restore that fails
 * leaves the target database as it was.
 */
final class PostgresTarget implements RestoreTarget {
    /** How this restore names its sessions in pg_stat_activity, so it never counts itself as a client. */
    private static final String SESSION_NAME = "drjenkins-restore";

    private final PgUrl target;
    private final Optional<String> password;
    private final boolean replace;
    private final boolean confirm;
    private final boolean noOwner;
    private final boolean noAcl;
    private final int jobs;
    private final Progress progress;
    private boolean exists;

    PostgresTarget(String url, Optional<String> password, boolean replace, boolean confirm, boolean noOwner, boolean noAcl, int jobs,
            Progress progress) {
        try {
            this.target = PgUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.of(Parameter.TARGET, ": " + e.getMessage());
        }
        this.password = password;
        this.replace = replace;
        this.confirm = confirm;
        this.noOwner = noOwner;
        this.noAcl = noAcl;
        this.jobs = jobs > 0 ? jobs : Math.max(1, Runtime.getRuntime().availableProcessors());
        this.progress = progress;
    }

    @Override
    public String describe() {
        return target.toString();
    }

    @Override
    public void preflight(Manifest manifest) throws IOException {
        PgUrl maintenance = target.withDatabase("postgres");
        try (Connection c = PgConnections.open(maintenance, password, SESSION_NAME)) {
            exists = exists(c, target.database());
            if (!exists) {
                return;
            }
            long objects = objects(target);
            long sessions = sessions(c, target.database());
            if (objects > 0 && !replace) {
                throw InvalidRequestException.of(Parameter.TARGET.given(target), ": database " + target.database() + " exists and holds "
                        + objects + " tables, views or sequences; pass ", Parameter.REPLACE, " to replace it, or name another database");
            }
            if (sessions > 0 && !confirm) {
                throw InvalidRequestException.of(Parameter.TARGET.given(target), ": database " + target.database() + " is in use ("
                        + sessions + " open connections); pass ", Parameter.CONFIRM, " to end them and replace it");
            }
        } catch (SQLException e) {
            throw new IOException("target server " + maintenance + ": " + oneLine(e), e);
        }
    }

    @Override
    public Applied apply(Manifest manifest, Path rawContent) throws IOException, InterruptedException {
        String suffix = "_dr_restore_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        String name = target.database();
        String stagingName = (name.length() + suffix.length() > 63 ? name.substring(0, 63 - suffix.length()) : name) + suffix;
        PgUrl staging = target.withDatabase(stagingName);
        PgUrl maintenance = target.withDatabase("postgres");
        boolean swapped = false;
        try {
            progress.phase("pg_restore -j " + jobs + " into the staging database " + stagingName);
            PostgresRestorer restorer = new PostgresRestorer();
            restorer.restore(rawContent, staging, password, jobs, noOwner, noAcl);
            String counts = compareRowCounts(manifest, restorer.rowCounts(staging, password));
            progress.phase("swap " + stagingName + " into " + name);
            try (Connection c = PgConnections.open(maintenance, password, SESSION_NAME); Statement s = c.createStatement()) {
                if (exists(c, name)) {
                    s.execute("DROP DATABASE " + quote(name) + " WITH (FORCE)");
                }
                s.execute("ALTER DATABASE " + quote(stagingName) + " RENAME TO " + quote(name));
                swapped = true;
            } catch (SQLException e) {
                throw new IOException("cannot swap the restored database into " + name + ": " + oneLine(e), e);
            }
            return new Applied("restored into " + target + " with pg_restore -j " + jobs + ": " + counts, Optional.empty(), Optional.empty(), true);
        } catch (PostgresException e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            if (!swapped) {
                dropQuietly(maintenance, stagingName);
            }
        }
    }

    /** The row counts the dump recorded in its snapshot must be what the staging database holds. */
    private static String compareRowCounts(Manifest manifest, Map<String, Long> actual) throws IOException {
        Map<String, Long> expected = new TreeMap<>();
        if (manifest.source().get("rowCounts") instanceof Map<?, ?> map) {
            map.forEach((table, count) -> expected.put(String.valueOf(table), count instanceof Number n ? n.longValue() : -1L));
        }
        List<String> differences = new ArrayList<>();
        expected.forEach((table, count) -> {
            if (!count.equals(actual.get(table))) {
                differences.add(table + " expected " + count + " rows, restored " + actual.getOrDefault(table, null));
            }
        });
        if (!differences.isEmpty()) {
            throw new IOException("row counts of the restored copy differ from the backup's: " + String.join("; ",
                    differences.subList(0, Math.min(5, differences.size()))) + "; the target was left as it was");
        }
        return expected.size() + " tables, " + expected.values().stream().mapToLong(Long::longValue).sum() + " rows, as the backup recorded";
    }

    private void dropQuietly(PgUrl maintenance, String database) {
        try (Connection c = PgConnections.open(maintenance, password, SESSION_NAME); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + quote(database) + " WITH (FORCE)");
        } catch (SQLException e) {
            progress.info("could not drop the staging database " + database + ": " + oneLine(e));
        }
    }

    private static boolean exists(Connection c, String database) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * The clients of the database, not counting this restore's own sessions: the one that just counted its objects
     * has closed, but its backend leaves pg_stat_activity a moment later, and was once counted as a user.
     */
    private static long sessions(Connection c, String database) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()"
                + " AND application_name IS DISTINCT FROM ?")) {
            ps.setString(1, database);
            ps.setString(2, SESSION_NAME);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Tables, views and sequences outside the system schemas: what "holds data" means for a database. */
    private long objects(PgUrl database) throws SQLException {
        try (Connection c = PgConnections.open(database, password, SESSION_NAME); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE c.relkind IN ('r','p','v','m','S','f') AND n.nspname NOT IN ('pg_catalog','information_schema')"
                        + " AND n.nspname NOT LIKE 'pg_toast%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String oneLine(SQLException e) {
        return String.valueOf(e.getMessage()).replaceAll("\\s+", " ").trim();
    }
}
