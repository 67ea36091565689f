package org.drjenkins.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.drjenkins.engine.codec.Codecs;
import org.drjenkins.engine.config.Compression;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.manifest.ArtifactRecord;
import org.drjenkins.engine.manifest.BackupCatalog;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.postgres.PostgresRestorer;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.LocalS3Server;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreConnector;
import org.drjenkins.engine.storage.StoreProvider;
import org.drjenkins.engine.testing.PostgresFixture;
import org.drjenkins.engine.testing.S3Fixture;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * PostgreSQL backups end to end against a real PostgreSQL 15 cluster and a real S3 server: the dump restores with the
 * same rows, and a dump killed half-way or a store stopped half-way leaves no manifest, no unfinished upload and the
 * previous backup as the latest.
 */
public class PostgresBackupTest {

    @ClassRule
    public static final PostgresFixture PG = new PostgresFixture("backup-test");

    @ClassRule
    public static final S3Fixture S3 = new S3Fixture();

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @BeforeClass
    public static void createData() throws Exception {
        LocalCluster cluster = PG.cluster();
        cluster.execute("postgres", "create database shop");
        cluster.execute("shop", """
                create table customers (id uuid primary key default gen_random_uuid(), email text not null, balance numeric(12,2),
                    profile jsonb, created_at timestamptz not null default now());
                insert into customers (email, balance, profile)
                    select 'c' || g || '@example.com', g * 1.25, jsonb_build_object('tier', g % 3, 'tags', array['a', 'b'])
                    from generate_series(1, 3000) g;
                """);
        // About 180 MB of poorly compressible text, so a dump runs for seconds: progress is reported once a second, and
        // the failures below must land in the middle of a multipart upload.
        cluster.execute("postgres", "create database big");
        cluster.execute("big", "create table big (id bigint primary key, payload text not null)");
        cluster.execute("big", "insert into big select g, md5(g::text) || md5((g * 7)::text) || md5((g * 13)::text) "
                + "|| md5((g * 17)::text) from generate_series(1, 1200000) g");
    }

    private static DrConfig config(S3Fixture s3, String database) {
        return s3.config("components:\n  database: { type: postgres, url: \"" + PG.cluster().url(database) + "\" }\n");
    }

    private static Secrets secrets(LocalS3Server server) {
        return new Secrets(server.credentials(), Optional.empty(), List.of(), Optional.empty());
    }

    @Test
    public void aDumpRestoresWithTheSameRowsAndRowCountsFromItsSnapshot() throws Exception {
        DrConfig config = config(S3, "shop");
        BackupResult result = new BackupService(config, secrets(S3.server()), S3.stores(), Clock.systemUTC(), Progress.NONE)
                .run(BackupRequest.of("database"));

        assertThat(result.manifest().source()).containsEntry("database", "shop");
        assertThat(result.manifest().source().get("rowCounts")).isEqualTo(java.util.Map.of("public.customers", 3000L));
        ArtifactRecord artifact = result.manifest().artifacts().get(0);
        Path dump = temp.getRoot().toPath().resolve("shop.dump");
        try (ObjectStore store = S3.open(config.primary());
                InputStream in = Codecs.decoder(store.open(artifact.key()), Compression.ZSTD, false, null)) {
            Files.copy(in, dump);
        }
        assertThat(Files.size(dump)).isEqualTo(artifact.rawBytes());
        new PostgresRestorer().restore(dump, PG.cluster().url("shop_copy"), Optional.empty(), 2);

        String fingerprint = "select md5(string_agg(email || balance || profile::text, ',' order by email)) from customers";
        assertThat(PG.cluster().sql("shop_copy", fingerprint)).isEqualTo(PG.cluster().sql("shop", fingerprint));
        assertThat(result.manifest().rawBytes()).isGreaterThan(result.manifest().storedBytes());
    }

    @Test
    public void aDumpKilledHalfWayLeavesNoManifestNoUnfinishedUploadAndThePreviousBackupLatest() throws Exception {
        DrConfig config = config(S3, "big");
        BackupService service = new BackupService(config, secrets(S3.server()), S3.stores(), Clock.systemUTC(), Progress.NONE);
        String previous = service.run(new BackupRequest("database", true, true)).manifest().backupId();
        WhenPgDumpHasWritten killer = WhenPgDumpHasWritten.kill(4L << 20);

        BackupService failing = new BackupService(config, secrets(S3.server()), S3.stores(), Clock.systemUTC(), killer);
        assertThatThrownBy(() -> failing.run(new BackupRequest("database", true, true)))
                .isInstanceOf(BackupException.class).hasMessageContaining("pg_dump").hasMessageContaining("nothing stored");

        assertThat(killer.done()).isTrue();
        try (ObjectStore store = S3.open(config.primary())) {
            assertThat(new BackupCatalog(store).latest("database").orElseThrow().id().value()).isEqualTo(previous);
            assertThat(store.list("database/")).allMatch(o -> o.key().startsWith("database/" + previous + "/"));
            assertThat(store.unfinishedUploads("database/")).isEmpty();
        }
    }

    @Test(timeout = 120_000)
    public void aStoreStoppedHalfWayFailsInBoundedTimeAndLeavesNothingOnceItIsBack() throws Exception {
        try (LocalS3Server own = LocalS3Server.start()) {
            S3Fixture.createBuckets(own, "flaky-use1");
            DrConfig config = ConfigLoader.parse("regions:\n  - { name: us-east-1, role: primary, bucket: flaky-use1, endpoint: \"" + own.endpoint()
                    + "\" }\ncomponents:\n  database: { type: postgres, url: \"" + PG.cluster().url("big") + "\" }\n", "test");
            StoreProvider stores = region -> StoreConnector.connect(region, own.credentials());
            String previous = new BackupService(config, secrets(own), stores, Clock.systemUTC(), Progress.NONE)
                    .run(new BackupRequest("database", true, true)).manifest().backupId();
            // 24 MiB of dump: the first parts are on their way when the store goes.
            WhenPgDumpHasWritten outage = WhenPgDumpHasWritten.stopStore(24L << 20, own);

            long start = System.nanoTime();
            assertThatThrownBy(() -> new BackupService(config, secrets(own), stores, Clock.systemUTC(), outage, Duration.ofSeconds(20))
                    .run(new BackupRequest("database", true, true)))
                    .isInstanceOf(BackupException.class).hasMessageContaining("nothing stored");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(90));
            assertThat(outage.done()).isTrue();

            if (!own.isRunning()) {
                own.restart();
            }
            try (ObjectStore store = stores.open(config.primary())) {
                assertThat(new BackupCatalog(store).latest("database").orElseThrow().id().value()).isEqualTo(previous);
                assertThat(store.list("database/")).allMatch(o -> o.key().startsWith("database/" + previous + "/"));
                assertThat(store.unfinishedUploads("database/")).isEmpty();
            }
        }
    }

    /**
     * Runs an action once pg_dump has written {@code bytes} and is still running, i.e. half-way through the dump. Watched
     * through /proc/PID/io rather than progress callbacks, which come once a second: a fast machine can finish the whole
     * dump before the first one, and the failure would never be injected.
     */
    private static final class WhenPgDumpHasWritten implements Progress {
        private final long bytes;
        private final java.util.function.Consumer<ProcessHandle> action;
        private final AtomicBoolean done = new AtomicBoolean();

        WhenPgDumpHasWritten(long bytes, java.util.function.Consumer<ProcessHandle> action) {
            this.bytes = bytes;
            this.action = action;
        }

        /** Kills pg_dump, as an OOM killer or an operator would. */
        static WhenPgDumpHasWritten kill(long bytes) {
            return new WhenPgDumpHasWritten(bytes, ProcessHandle::destroyForcibly);
        }

        /** Stops the store, then brings it back 5 s later. */
        static WhenPgDumpHasWritten stopStore(long bytes, LocalS3Server server) {
            return new WhenPgDumpHasWritten(bytes, pgDump -> {
                server.stop();
                Thread back = new Thread(() -> {
                    try {
                        Thread.sleep(5000);
                        server.restart();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                back.setDaemon(true);
                back.start();
            });
        }

        boolean done() {
            return done.get();
        }

        @Override
        public void info(String message) {
            if (!message.startsWith("Snapshot ")) {
                return; // pg_dump starts right after the snapshot is taken.
            }
            Thread watcher = new Thread(this::actWhenHalfWay, "when-pg_dump-has-written");
            watcher.setDaemon(true);
            watcher.start();
        }

        private void actWhenHalfWay() {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline) {
                for (ProcessHandle p : ProcessHandle.current().descendants().toList()) {
                    if (p.info().command().orElse("").endsWith("pg_dump") && written(p.pid()) >= bytes && p.isAlive()) {
                        action.accept(p);
                        done.set(true);
                        return;
                    }
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private static long written(long pid) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/io"))) {
                    if (line.startsWith("wchar:")) {
                        return Long.parseLong(line.substring(6).trim());
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                // gone meanwhile
            }
            return 0;
        }

        @Override
        public void bytes(long done, long total) {
        }

        @Override
        public void phase(String description) {
        }
    }
}
