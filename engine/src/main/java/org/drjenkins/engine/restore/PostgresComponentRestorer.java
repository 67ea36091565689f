package org.drjenkins.engine.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.drjenkins.engine.config.Component;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.manifest.VerificationRecord.CheckResult;
import org.drjenkins.engine.postgres.ClusterOptions;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.postgres.PgConnections;
import org.drjenkins.engine.postgres.PgUrl;
import org.drjenkins.engine.postgres.PostgresRestorer;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.util.Parameter;

/**
 * Restores a pg_dump into a scratch database: by default an ephemeral cluster created for this run and always destroyed
 * afterwards, or an existing server. Then compares per-table row counts with those taken in the dump's snapshot and runs
 * the component's SQL checks, on the scratch database only.
 */
final class PostgresComponentRestorer implements ComponentRestorer {

    /** A check that runs longer is a failed check, not a hung verification. */
    private static final int CHECK_TIMEOUT_SECONDS = 600;

    /*
     * The ephemeral cluster is thrown away after the checks, so it trades every form of durability for restore speed
     * (about half the time of pg_restore on default settings). wal_level=minimal (which needs max_wal_senders=0) lets
     * pg_restore's parallel COPY into the table it just created skip WAL altogether; no fsync, no full-page images, no
     * autovacuum competing with the restore for CPU; large sort memory so primary keys and indexes build in memory; no
     * checkpoint during the restore; and no data checksums (with them, the row count's first read of every page after
     * the load would write a full-page image to WAL).
     */
    static final ClusterOptions SCRATCH_CLUSTER = new ClusterOptions(0, 0, Map.of(
            "wal_level", "minimal",
            "fsync", "off",
            "synchronous_commit", "off",
            "full_page_writes", "off",
            "autovacuum", "off",
            "maintenance_work_mem", "256MB",
            "max_wal_size", "8GB",
            "checkpoint_timeout", "1h")).withoutDataChecksums();

    private final Component component;
    private final Optional<String> targetUrl;
    private final boolean replace;
    private final Optional<String> password;
    private final Progress progress;
    private LocalCluster cluster;
    private PgUrl restored;

    PostgresComponentRestorer(Component component, Optional<String> targetUrl, boolean replace, Optional<String> password,
            Progress progress) {
        this.component = component;
        this.targetUrl = targetUrl;
        this.replace = replace;
        this.password = password;
        this.progress = progress;
    }

    @Override
    public void preflight(Manifest manifest) throws IOException {
        if (targetUrl.isPresent()) {
            PgUrl target;
            try {
                target = PgUrl.parse(targetUrl.get());
            } catch (IllegalArgumentException e) {
                throw InvalidRequestException.of(Parameter.TARGET, ": " + e.getMessage());
            }
            restored = target.withDatabase(database(manifest));
            refuseExisting(restored);
        }
    }

    @Override
    public void prepare(Manifest manifest) throws IOException, InterruptedException {
        if (targetUrl.isEmpty()) {
            cluster = LocalCluster.ephemeral("verify-" + component.name(), SCRATCH_CLUSTER);
            restored = cluster.url(database(manifest));
        }
    }

    private String database(Manifest manifest) {
        return String.valueOf(manifest.source().getOrDefault("database", component.name()));
    }

    @Override
    public void restore(Manifest manifest, Path rawContent) throws IOException, InterruptedException {
        try {
            new PostgresRestorer().restore(rawContent, restored, connectPassword(), Math.max(1, Runtime.getRuntime().availableProcessors()));
        } finally {
            Files.deleteIfExists(rawContent); // restored or not, the local dump is done with: free the disk
        }
    }

    /** The ephemeral cluster trusts local connections; a target server gets the configured password. */
    private Optional<String> connectPassword() {
        return cluster == null ? password : Optional.empty();
    }

    private void refuseExisting(PgUrl target) throws IOException {
        PgUrl maintenance = target.withDatabase("postgres");
        try (Connection c = PgConnections.open(maintenance, password, "drjenkins-verify-restore")) {
            boolean exists;
            try (PreparedStatement ps = c.prepareStatement("select 1 from pg_database where datname = ?")) {
                ps.setString(1, target.database());
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (exists && !replace) {
                throw InvalidRequestException.of(Parameter.TARGET, ": database " + target.database() + " already exists on " + maintenance
                        + "; pass ", Parameter.REPLACE, " to drop it, or restore into another server");
            }
            if (exists) {
                try (Statement s = c.createStatement()) {
                    s.execute("drop database \"" + target.database().replace("\"", "\"\"") + "\" with (force)");
                }
            }
        } catch (SQLException e) {
            throw new IOException("target server " + maintenance + ": " + oneLine(e), e);
        }
    }

    @Override
    public List<CheckResult> check(Manifest manifest) throws IOException {
        List<CheckResult> results = new ArrayList<>();
        results.add(rowCounts(manifest));
        try (Connection c = PgConnections.open(restored, connectPassword(), "drjenkins-verify-checks")) {
            // A check proves, it never changes: even on a scratch copy a writing query is a mistake worth reporting.
            c.setReadOnly(true);
            for (String sql : component.checks()) {
                results.add(userCheck(c, sql));
            }
        } catch (SQLException e) {
            results.add(new CheckResult("connect to restored database", false, oneLine(e)));
        }
        return results;
    }

    private CheckResult rowCounts(Manifest manifest) throws IOException {
        Map<String, Long> expected = new TreeMap<>();
        Object recorded = manifest.source().get("rowCounts");
        if (recorded instanceof Map<?, ?> map) {
            map.forEach((table, count) -> expected.put(String.valueOf(table), count instanceof Number n ? n.longValue() : -1L));
        }
        Map<String, Long> actual = new TreeMap<>(new PostgresRestorer().rowCounts(restored, connectPassword()));
        List<String> differences = new ArrayList<>();
        expected.forEach((table, count) -> {
            Long found = actual.get(table);
            if (!count.equals(found)) {
                differences.add(table + " expected " + count + " rows, restored " + (found == null ? "no table" : found));
            }
        });
        actual.keySet().stream().filter(t -> !expected.containsKey(t)).forEach(t -> differences.add(t + " not in the manifest"));
        long rows = expected.values().stream().mapToLong(Long::longValue).sum();
        return differences.isEmpty()
                ? new CheckResult("row counts match manifest", true, expected.size() + " tables, " + rows + " rows")
                : new CheckResult("row counts match manifest", false, String.join("; ", differences.subList(0, Math.min(5, differences.size()))));
    }

    private static CheckResult userCheck(Connection c, String sql) {
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout(CHECK_TIMEOUT_SECONDS);
            try (ResultSet rs = s.executeQuery(sql)) {
                Object value = rs.next() ? rs.getObject(1) : null;
                boolean ok = truthy(value);
                return new CheckResult(sql, ok, ok ? "returned true" : value == null ? "returned no row (expected true)"
                        : "returned " + value + " (expected true)");
            }
        } catch (SQLException e) {
            return new CheckResult(sql, false, "failed: " + oneLine(e));
        }
    }

    private static String oneLine(SQLException e) {
        return String.valueOf(e.getMessage()).replaceAll("\\s+", " ").trim();
    }

    private static boolean truthy(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n.longValue() == 1;
        }
        return value != null && (value.equals("t") || "true".equalsIgnoreCase(value.toString()));
    }

    @Override
    public void close() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (IOException e) {
                // Reported, not thrown: the verification's own outcome matters more than a cleanup hiccup.
                progress.info("could not remove the ephemeral cluster: " + e.getMessage());
            }
        }
    }
}
