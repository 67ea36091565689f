package org.drjenkins.engine.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.postgres.PgConnections;
import org.drjenkins.engine.postgres.PgUrl;
import org.drjenkins.engine.postgres.PostgresRestorer;
import org.drjenkins.engine.progress.Progress;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

public class PostgresDumpSourceTest {

    private static final List<String> SHOP_TABLES = List.of("public.customers", "public.orders",
            "audit.\"Event Log\"", "public.empty_table");

    private static LocalCluster cluster;
    private static Path workDir;

    @BeforeClass
    public static void startClusterWithRealisticData() throws Exception {
        cluster = LocalCluster.ephemeral("dump-source-test");
        workDir = Files.createTempDirectory("dump-source-test-");
        cluster.execute("postgres", "CREATE DATABASE shop");
        cluster.execute("shop", "SELECT setseed(0.42);"
                + "CREATE TABLE customers (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL,"
                + " profile jsonb, joined timestamptz NOT NULL);"
                + "INSERT INTO customers (name, profile, joined) SELECT 'Customer ' || g || ' ' || md5(g::text),"
                + " jsonb_build_object('tier', g % 4, 'tags', jsonb_build_array('a' || g, 'b'), 'score', random()),"
                + " timestamptz '2024-01-01 00:00+00' + g * interval '37 minutes'"
                + " FROM generate_series(1, 2000) g;"
                + "CREATE TABLE orders (id bigserial PRIMARY KEY, customer uuid REFERENCES customers,"
                + " amount numeric(12,2) NOT NULL, note text, placed timestamptz NOT NULL);"
                + "INSERT INTO orders (customer, amount, note, placed)"
                + " SELECT c.ids[1 + g % 2000], round((random() * 10000)::numeric, 2),"
                + " repeat(md5(random()::text), 3), now() - g * interval '1 second'"
                + " FROM (SELECT array_agg(id ORDER BY name) ids FROM customers) c, generate_series(1, 20000) g;"
                + "CREATE SCHEMA audit;"
                + "CREATE TABLE audit.\"Event Log\" (id serial PRIMARY KEY, payload jsonb, at timestamptz);"
                + "INSERT INTO audit.\"Event Log\" (payload, at) SELECT jsonb_build_object('n', g, 'ok', g % 2 = 0),"
                + " now() FROM generate_series(1, 300) g;"
                + "CREATE TABLE empty_table (x int)");
    }

    @AfterClass
    public static void removeCluster() throws Exception {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            try (var files = Files.walk(workDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    public void dumpRestoresToIdenticalRowsAndRecordsTheRowCountsOfItsSnapshot() throws Exception {
        PostgresDumpSource source = new PostgresDumpSource("database", cluster.url("shop"), Optional.empty());
        Path dumpFile = workDir.resolve("shop.dump");
        RecordingProgress progress = new RecordingProgress();
        Instant before = Instant.now();

        SourceResult result;
        try (OutputStream out = Files.newOutputStream(dumpFile)) {
            result = source.writeTo(out, progress);
        }

        assertThat(source.artifactName()).isEqualTo("database.dump");
        assertThat(Files.readAllBytes(dumpFile)).startsWith("PGDMP".getBytes());
        assertThat(result.consistentAt()).isBetween(before.minusSeconds(5), Instant.now());
        Map<String, Object> metadata = result.metadata();
        assertThat(metadata.get("serverVersion")).asString().startsWith("PostgreSQL 15");
        assertThat(metadata).containsEntry("database", "shop").containsEntry("tableCount", 4);
        assertThat((Long) metadata.get("databaseSizeBytes")).isGreaterThan(Files.size(dumpFile) / 4);
        assertThat(metadata.get("walLsn")).asString().matches("[0-9A-F]+/[0-9A-F]+");
        assertThat(rowCounts(result)).containsExactly(
                Map.entry("audit.Event Log", 300L), Map.entry("public.customers", 2000L),
                Map.entry("public.empty_table", 0L), Map.entry("public.orders", 20000L));
        assertThat(progress.lastDone).isEqualTo(Files.size(dumpFile));
        assertThat(progress.lastTotal).isEqualTo(metadata.get("databaseSizeBytes"));
        assertThat(progress.infos).singleElement().asString().contains("4 tables").contains("shop");

        PgUrl restored = cluster.url("shop_restored");
        PostgresRestorer restorer = new PostgresRestorer();
        restorer.restore(dumpFile, restored, Optional.empty(), 2);

        assertThat(restorer.rowCounts(restored, Optional.empty())).isEqualTo(rowCounts(result));
        for (String table : SHOP_TABLES) {
            assertThat(fingerprint("shop_restored", table)).as(table).isEqualTo(fingerprint("shop", table));
        }
        assertThat(cluster.sql("shop_restored", "SELECT count(*) FROM orders o JOIN customers c"
                + " ON c.id = o.customer")).isEqualTo("20000");
    }

    @Test
    public void rowsCommittedWhilePgDumpRunsAreNotInTheDump() throws Exception {
        cluster.execute("postgres", "CREATE DATABASE live");
        cluster.execute("live", "CREATE TABLE events (id serial PRIMARY KEY, what text);"
                + "INSERT INTO events (what) SELECT 'before ' || g FROM generate_series(1, 1000) g");
        PostgresDumpSource source = new PostgresDumpSource("live", cluster.url("live"), Optional.empty());
        Path dumpFile = workDir.resolve("live.dump");
        AtomicBoolean inserted = new AtomicBoolean();

        SourceResult result;
        try (OutputStream file = Files.newOutputStream(dumpFile)) {
            result = source.writeTo(new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (inserted.compareAndSet(false, true)) {
                        try {
                            cluster.execute("live", "INSERT INTO events (what)"
                                    + " SELECT 'during the dump ' || g FROM generate_series(1, 100) g");
                        } catch (Exception e) {
                            throw new IOException(e);
                        }
                    }
                    file.write(b, off, len);
                }
            }, Progress.NONE);
        }

        assertThat(inserted).isTrue();
        assertThat(cluster.sql("live", "SELECT count(*) FROM events")).isEqualTo("1100");
        assertThat(rowCounts(result)).containsExactly(Map.entry("public.events", 1000L));
        PgUrl restored = cluster.url("live_restored");
        new PostgresRestorer().restore(dumpFile, restored, Optional.empty(), 1);
        assertThat(cluster.sql("live_restored", "SELECT count(*) FROM events")).isEqualTo("1000");
        assertThat(cluster.sql("live_restored", "SELECT count(*) FROM events WHERE what LIKE 'during%'"))
                .isEqualTo("0");
    }

    @Test
    public void missingDatabaseFailsWithTheServersReason() {
        PostgresDumpSource source = new PostgresDumpSource("gone", cluster.url("no_such_db"), Optional.empty());

        assertThatThrownBy(() -> source.writeTo(new ByteArrayOutputStream(), Progress.NONE))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("database \"no_such_db\" does not exist")
                .hasMessageContaining("127.0.0.1:" + cluster.port());
    }

    @Test
    public void pgDumpFailureNamesItsExitCodeAndErrorLine() throws Exception {
        // The dump user owns the table (so the row counts work) but may not read a sequence: only pg_dump fails.
        cluster.execute("postgres", "CREATE ROLE dumper LOGIN");
        cluster.execute("postgres", "CREATE DATABASE restricted OWNER dumper");
        cluster.execute("restricted", "CREATE TABLE mine (x int); ALTER TABLE mine OWNER TO dumper;"
                + "CREATE SEQUENCE not_yours");
        PgUrl asDumper = PgUrl.parse("postgresql://dumper@127.0.0.1:" + cluster.port() + "/restricted");
        PostgresDumpSource source = new PostgresDumpSource("restricted", asDumper, Optional.empty());

        assertThatThrownBy(() -> source.writeTo(new ByteArrayOutputStream(), Progress.NONE))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("pg_dump exited 1: ")
                .hasMessageContaining("permission denied for sequence not_yours");
        assertNoPgDumpAndNoSnapshotSession();
    }

    @Test
    public void failingOutputStreamKillsPgDumpAndEndsTheSnapshotTransaction() throws Exception {
        PostgresDumpSource source = new PostgresDumpSource("database", cluster.url("shop"), Optional.empty());
        OutputStream failsAfter64KiB = new OutputStream() {
            private long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (written + len > 64 * 1024) {
                    throw new IOException("upload failed: connection reset");
                }
                written += len;
            }
        };

        assertThatThrownBy(() -> source.writeTo(failsAfter64KiB, Progress.NONE))
                .isInstanceOf(IOException.class)
                .hasMessage("upload failed: connection reset");
        assertNoPgDumpAndNoSnapshotSession();
    }

    @Test
    public void interruptingADumpStuckBehindAMigrationsLockKillsPgDumpPromptly() throws Exception {
        Thread dumping = Thread.currentThread();
        List<Thread> helpers = new ArrayList<>();
        try (Connection migration = PgConnections.open(cluster.url("shop"), Optional.empty(), "test-migration")) {
            migration.setAutoCommit(false);
            // Once the rows are counted (the source reports it), a migration asks for an exclusive lock: it waits
            // for the snapshot's locks, and pg_dump's lock requests queue behind it without writing a byte.
            Progress migrationAfterSnapshot = new RecordingProgress() {
                @Override
                public synchronized void info(String message) {
                    helpers.add(start(() -> {
                        try (Statement st = migration.createStatement()) {
                            st.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }));
                    helpers.add(start(() -> {
                        awaitPgDumpWaitingForALock();
                        dumping.interrupt(); // As a build abort would.
                    }));
                }
            };
            PostgresDumpSource source = new PostgresDumpSource("database", cluster.url("shop"), Optional.empty());
            long start = System.nanoTime();
            try {
                assertThatThrownBy(() -> source.writeTo(new ByteArrayOutputStream(), migrationAfterSnapshot))
                        .isInstanceOf(InterruptedException.class);
            } finally {
                Thread.interrupted();
            }
            assertThat(System.nanoTime() - start).isLessThan(20_000_000_000L);
            // A pg_dump left behind would still be waiting (for the lock timeout) behind the migration.
            assertNoPgDumpAndNoSnapshotSession();
            for (Thread helper : helpers) {
                helper.join(10_000);
                assertThat(helper.isAlive()).as("migration got its lock").isFalse();
            }
            migration.rollback();
        }
    }

    private static Thread start(Runnable body) {
        Thread thread = new Thread(body);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void awaitPgDumpWaitingForALock() {
        try {
            for (int i = 0; i < 500; i++) {
                if ("1".equals(cluster.sql("postgres", "SELECT count(*) FROM pg_stat_activity"
                        + " WHERE application_name LIKE 'drjenkins-pg_dump-%' AND wait_event_type = 'Lock'"))) {
                    return;
                }
                Thread.sleep(20);
            }
        } catch (Exception e) {
            // The test's own assertions report what went wrong.
        }
    }

    private static void assertNoPgDumpAndNoSnapshotSession() throws Exception {
        assertThat(ProcessHandle.current().descendants()
                .filter(p -> p.info().command().orElse("").endsWith("pg_dump"))).isEmpty();
        // Closing a connection is asynchronous on the server side: give the backends a moment to exit.
        String sessions = null;
        for (int i = 0; i < 250; i++) {
            sessions = cluster.sql("postgres", "SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                    + PostgresDumpSource.SNAPSHOT_APPLICATION_NAME + "' OR application_name LIKE '"
                    + PostgresDumpSource.PG_DUMP_APPLICATION_NAME_PREFIX + "%'");
            if ("0".equals(sessions)) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(sessions).isEqualTo("0");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> rowCounts(SourceResult result) {
        return (Map<String, Long>) result.metadata().get("rowCounts");
    }

    /** Every row of the table, in a stable order, condensed to one hash. */
    private static String fingerprint(String db, String table) throws Exception {
        return cluster.sql(db, "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '')"
                + " FROM " + table + " t");
    }

    private static class RecordingProgress implements Progress {
        volatile long lastDone = -1;
        volatile long lastTotal;
        final List<String> infos = new ArrayList<>();

        @Override
        public void phase(String description) {
        }

        @Override
        public synchronized void bytes(long done, long total) {
            lastDone = done;
            lastTotal = total;
        }

        @Override
        public synchronized void info(String message) {
            infos.add(message);
        }
    }
}
