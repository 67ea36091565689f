package org.drjenkins.engine.restore;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
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
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.postgres.PgConnections;
import org.drjenkins.engine.postgres.PgUrl;
import org.drjenkins.engine.postgres.PostgresRestorer;
import org.drjenkins.engine.util.InvalidRequestException;

/**
 * Restores a pg_dump into a scratch database: by default an ephemeral cluster created for this run and always destroyed
 * afterwards, or an existing server. Then compares per-table row counts with those taken in the dump's snapshot and runs
 * the component's SQL checks, on the scratch database only.
 */
final class PostgresComponentRestorer implements ComponentRestorer {

    private final Component component;
    private final Optional<String> targetUrl;
    private final boolean replace;
    private final Optional<String> password;
    private final Path workDir;
    private LocalCluster cluster;
    private PgUrl restored;

    PostgresComponentRestorer(Component component, Optional<String> targetUrl, boolean replace, Optional<String> password, Path workDir) {
        this.component = component;
        this.targetUrl = targetUrl;
        this.replace = replace;
        this.password = password;
        this.workDir = workDir;
    }

    @Override
    public void restore(Manifest manifest, Path rawContent) throws IOException, InterruptedException {
        String database = String.valueOf(manifest.source().getOrDefault("database", component.name()));
        Optional<String> targetPassword;
        if (targetUrl.isPresent()) {
            restored = PgUrl.parse(targetUrl.get()).withDatabase(database);
            targetPassword = password;
            refuseExisting(restored);
        } else {
            cluster = LocalCluster.ephemeral("verify-" + component.name());
            restored = cluster.url(database);
            targetPassword = Optional.empty();
        }
        new PostgresRestorer().restore(rawContent, restored, targetPassword, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    private void refuseExisting(PgUrl target) throws IOException {
        PgUrl maintenance = target.withDatabase("postgres");
        try (Connection c = PgConnections.open(maintenance, password); Statement s = c.createStatement()) {
            boolean exists;
            try (ResultSet rs = s.executeQuery("select 1 from pg_database where datname = '" + target.database().replace("'", "''") + "'")) {
                exists = rs.next();
            }
            if (exists && !replace) {
                throw new InvalidRequestException("--target: database " + target.database() + " already exists on " + maintenance
                        + "; pass --replace to drop it, or restore into another server");
            }
            if (exists) {
                s.execute("drop database \"" + target.database().replace("\"", "\"\"") + "\" with (force)");
            }
        } catch (SQLException e) {
            throw new IOException("--target " + maintenance + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<CheckResult> check(Manifest manifest) throws IOException {
        List<CheckResult> results = new ArrayList<>();
        results.add(rowCounts(manifest));
        try (Connection c = PgConnections.open(restored, cluster == null ? password : Optional.empty())) {
            for (String sql : component.checks()) {
                results.add(userCheck(c, sql));
            }
        } catch (SQLException e) {
            results.add(new CheckResult("connect to restored database", false, e.getMessage()));
        }
        return results;
    }

    private CheckResult rowCounts(Manifest manifest) throws IOException {
        Map<String, Long> expected = new TreeMap<>();
        Object recorded = manifest.source().get("rowCounts");
        if (recorded instanceof Map<?, ?> map) {
            map.forEach((table, count) -> expected.put(String.valueOf(table), ((Number) count).longValue()));
        }
        Map<String, Long> actual = new TreeMap<>(new PostgresRestorer().rowCounts(restored, cluster == null ? password : Optional.empty()));
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
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            boolean ok = rs.next() && truthy(rs.getString(1));
            return new CheckResult(sql, ok, ok ? "returned true" : "did not return true");
        } catch (SQLException e) {
            return new CheckResult(sql, false, "failed: " + e.getMessage());
        }
    }

    private static boolean truthy(String value) {
        return value != null && (value.equals("t") || value.equalsIgnoreCase("true") || value.equals("1"));
    }

    @Override
    public void close() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (IOException e) {
                // Reported, not thrown: the verification's own outcome matters more than a cleanup hiccup.
                System.err.println("dr: could not remove the ephemeral cluster: " + e.getMessage());
            }
        }
    }
}
