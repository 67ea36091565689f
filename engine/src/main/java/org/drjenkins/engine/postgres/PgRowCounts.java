package org.drjenkins.engine.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Exact row counts of every user table, keyed "schema.table": what a dump holds and what its restore must hold.
 * The dump side counts inside the dump's snapshot, the restore side after pg_restore, with the same table list so the
 * two maps compare as they are.
 */
public final class PgRowCounts {

    /*
     * Ordinary tables ('r'; partitions are ordinary tables, their partitioned parents would count rows twice) outside
     * the system schemas ("pg_" is reserved for them, so this also skips pg_toast and other sessions' pg_temp_N).
     * Extension member tables are skipped: pg_dump recreates them with CREATE EXTENSION instead of dumping them.
     */
    private static final String USER_TABLES = "SELECT n.nspname, c.relname, c.relpersistence,"
            + " quote_ident(n.nspname) || '.' || quote_ident(c.relname)"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE c.relkind = 'r' AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'"
            + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass"
            + " AND d.objid = c.oid AND d.deptype = 'e')"
            + " ORDER BY 1, 2";

    private PgRowCounts() {
    }

    /** A user table: its "schema.table" key, its quoted name for SQL, and whether it is unlogged. */
    public record Table(String key, String quoted, boolean unlogged) {
    }

    /**
     * Counts in the connection's current transaction (call it inside a REPEATABLE READ transaction to get one
     * consistent picture).
     *
     * @param inRecovery whether the server is a standby: pg_dump writes no data for unlogged tables there (the
     *                   standby cannot read them), so they count as 0 rows, as they will be after the restore
     */
    public static SortedMap<String, Long> count(Connection c, boolean inRecovery) throws SQLException {
        return count(c, tables(c), inRecovery);
    }

    /** Every user table the counts cover, in the connection's current transaction. */
    public static List<Table> tables(Connection c) throws SQLException {
        List<Table> tables = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(USER_TABLES)) {
            while (rs.next()) {
                tables.add(new Table(rs.getString(1) + "." + rs.getString(2), rs.getString(4),
                        "u".equals(rs.getString(3))));
            }
        }
        return tables;
    }

    /**
     * Takes ACCESS SHARE locks on the tables (what the counts would take one by one), all in one statement: held until
     * the transaction ends, they keep the tables from being dropped or rewritten while they are counted.
     */
    public static void lock(Connection c, List<Table> tables) throws SQLException {
        if (tables.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("LOCK TABLE ");
        for (int i = 0; i < tables.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(tables.get(i).quoted());
        }
        try (Statement st = c.createStatement()) {
            st.execute(sql.append(" IN ACCESS SHARE MODE").toString());
        }
    }

    /** Counts the given tables in the connection's current transaction; see {@link #count(Connection, boolean)}. */
    public static SortedMap<String, Long> count(Connection c, List<Table> tables, boolean inRecovery)
            throws SQLException {
        SortedMap<String, Long> counts = new TreeMap<>();
        try (Statement st = c.createStatement()) {
            for (Table table : tables) {
                if (inRecovery && table.unlogged()) {
                    counts.put(table.key(), 0L);
                    continue;
                }
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table.quoted())) {
                    rs.next();
                    counts.put(table.key(), rs.getLong(1));
                }
            }
        }
        return Collections.unmodifiableSortedMap(counts);
    }
}
