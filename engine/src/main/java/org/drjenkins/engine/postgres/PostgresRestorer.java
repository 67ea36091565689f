package org.drjenkins.engine.postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;

/**
 * Restores a custom-format dump (as written by the postgres backup source) into a database, and counts rows the same
 * way the dump did, so a restore check can compare the two.
 */
public final class PostgresRestorer {

    private static final long RESTORE_TIMEOUT_HOURS = 24;

    private final PgTools tools;

    /** Finds pg_restore with {@link PgTools#locate()}. */
    public PostgresRestorer() throws PostgresException {
        this(PgTools.locate());
    }

    public PostgresRestorer(PgTools tools) {
        this.tools = tools;
    }

    /**
     * Restores {@code dumpFile} into {@code target}'s database, creating the database first if it is missing.
     * Runs {@code pg_restore -j jobs --no-owner --no-acl --exit-on-error}: objects belong to the restoring user and
     * carry no GRANTs, since the roles of the original server usually do not exist where a copy is restored (a GRANT
     * to a missing role would abort the whole restore). The dump must be a local file: a parallel restore cannot read
     * standard input.
     *
     * @throws PostgresException "pg_restore exited N: the error line" (or why the database could not be created)
     */
    public void restore(Path dumpFile, PgUrl target, Optional<String> password, int jobs)
            throws PostgresException, InterruptedException {
        restore(dumpFile, target, password, jobs, true, true);
    }

    /**
     * As {@link #restore(Path, PgUrl, Optional, int)}, keeping the dump's owners ({@code noOwner} false) and GRANTs
     * ({@code noAcl} false) when the roles exist where it is restored, as in a real recovery onto the same roles.
     */
    public void restore(Path dumpFile, PgUrl target, Optional<String> password, int jobs, boolean noOwner, boolean noAcl)
            throws PostgresException, InterruptedException {
        if (jobs < 1) {
            throw new IllegalArgumentException("pg_restore jobs must be >= 1, got " + jobs);
        }
        if (!Files.isReadable(dumpFile)) {
            throw new PostgresException("Cannot restore " + dumpFile + ": the file does not exist or is unreadable");
        }
        createDatabaseIfMissing(target, password);
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("-j", Integer.toString(jobs)));
        if (noOwner) {
            args.add("--no-owner");
        }
        if (noAcl) {
            args.add("--no-acl");
        }
        args.addAll(java.util.List.of("--exit-on-error", "--no-password", "-d", target.libpqUrl(), dumpFile.toAbsolutePath().toString()));
        ProcessBuilder pb = tools.command("pg_restore", args.toArray(String[]::new));
        PgConnections.effectivePassword(target, password).ifPresent(p -> pb.environment().put("PGPASSWORD", p));
        PgProcesses.run(pb, "pg_restore of " + dumpFile.getFileName() + " into " + target,
                TimeUnit.HOURS.toSeconds(RESTORE_TIMEOUT_HOURS));
    }

    /** Exact row counts of {@code url}'s user tables, keyed "schema.table", as the dump source records them. */
    public SortedMap<String, Long> rowCounts(PgUrl url, Optional<String> password) throws PostgresException {
        try (Connection c = PgConnections.open(url, password, "drjenkins-restore-check");
                Statement st = c.createStatement()) {
            st.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            boolean inRecovery;
            try (ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                inRecovery = rs.getBoolean(1);
            }
            SortedMap<String, Long> counts = PgRowCounts.count(c, inRecovery);
            st.execute("COMMIT");
            return counts;
        } catch (SQLException e) {
            throw new PostgresException("Cannot count rows in " + url + ": " + oneLine(e), e);
        }
    }

    private static void createDatabaseIfMissing(PgUrl target, Optional<String> password) throws PostgresException {
        PgUrl maintenance = target.withDatabase("postgres");
        try (Connection c = PgConnections.open(maintenance, password, "drjenkins-restore")) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                ps.setString(1, target.database());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + quoteIdent(target.database()));
            }
        } catch (SQLException e) {
            throw new PostgresException("Cannot create database " + target.database() + " via " + maintenance + ": "
                    + oneLine(e) + " (the user needs CREATEDB, or create the database beforehand)", e);
        }
    }

    private static String quoteIdent(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String oneLine(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }
}
