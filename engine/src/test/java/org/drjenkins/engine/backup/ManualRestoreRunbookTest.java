package org.drjenkins.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.codec.AgeKeys;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.manifest.ArtifactRecord;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.postgres.PgTools;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.testing.PostgresFixture;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.testing.S3Fixture;
import org.drjenkins.engine.wal.ArchivingCluster;
import org.drjenkins.engine.wal.WalPusher;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * docs/manual-restore.md, executed: a backup written by dr is restored with Debian's aws, age, zstd, tar and pg_restore
 * only, exactly as the runbook (and each manifest's restoreHint) says, as an operator would when dr itself is lost:
 * a dump granting to a role the new server lacks, a failed stage with and without pipefail, and a postgres-cluster
 * base backup with its archived WAL replayed to a point in time by PostgreSQL through the runbook's fetch script.
 */
public class ManualRestoreRunbookTest {

    @ClassRule
    public static final PostgresFixture PG = new PostgresFixture("runbook-test");

    @ClassRule
    public static final S3Fixture S3 = new S3Fixture();

    /** The origin of the postgres-cluster restore: archives its WAL locally, pushed to the store by dr wal-push's code. */
    @ClassRule
    public static final ArchivingCluster ORIGIN = new ArchivingCluster("runbook-pitr");

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private static final AgeKeys.KeyPair KEY = AgeKeys.generate();

    @BeforeClass
    public static void createData() throws Exception {
        PG.cluster().execute("postgres", "create database app");
        PG.cluster().execute("app", "create table users (id serial primary key, name text not null, joined date not null);"
                + "insert into users (name, joined) select 'user ' || g, date '2026-01-01' + g from generate_series(1, 500) g");
    }

    private BackupResult backup(DrConfig config, String component) {
        Secrets secrets = new Secrets(S3.server().credentials(), Optional.empty(), List.of(KEY.recipient()), Optional.empty());
        return new BackupService(config, secrets, S3.stores(), Clock.systemUTC(), Progress.NONE).run(BackupRequest.of(component));
    }

    @Test
    public void anEncryptedDatabaseBackupRestoresWithAwsAgeZstdAndPgRestoreOnly() throws Exception {
        DrConfig config = S3.config("components:\n  database: { type: postgres, url: \"" + PG.cluster().url("app") + "\", encrypt: true }\n");
        BackupResult result = backup(config, "database");
        ArtifactRecord artifact = result.manifest().artifacts().get(0);
        Path key = writeIdentityFile();
        PG.cluster().execute("postgres", "create database app_restored");
        String object = "s3://" + config.primary().bucket() + "/" + artifact.key();

        String digest = shell("/usr/bin/aws s3 cp " + object + " - --endpoint-url " + S3.server().endpoint() + " | sha256sum | cut -d' ' -f1");
        String restore = shell("/usr/bin/aws s3 cp " + object + " - --endpoint-url " + S3.server().endpoint()
                + " | age -d -i " + key + " | zstd -d | " + PgTools.locate().tool("pg_restore") + " --no-owner --no-acl -d '"
                + PG.cluster().url("app_restored").libpqUrl() + "' && echo restored");

        assertThat(digest).isEqualTo(artifact.sha256());
        assertThat(restore).isEqualTo("restored");
        assertThat(PG.cluster().sql("app_restored", "select count(*) || ':' || max(name) from users")).isEqualTo("500:user 99");
        assertThat(result.manifest().restoreHint()).contains("age -d -i key.txt | zstd -d | pg_restore --no-owner --no-acl");
    }

    @Test
    public void aDirectoryBackupRestoresWithAwsZstdAndTarOnly() throws Exception {
        Path tree = temp.newFolder("etc").toPath();
        Files.writeString(tree.resolve("agent.yaml"), "workers: 4\n");
        DrConfig config = S3.config("components:\n  configuration: { type: directory, path: \"" + tree + "\" }\n");
        ArtifactRecord artifact = backup(config, "configuration").manifest().artifacts().get(0);
        Path into = temp.newFolder("restore").toPath();

        shell("/usr/bin/aws s3 cp s3://" + config.primary().bucket() + "/" + artifact.key() + " - --endpoint-url " + S3.server().endpoint()
                + " | zstd -d | tar -x -p -C " + into);

        assertThat(Files.readString(into.resolve("agent.yaml"))).isEqualTo("workers: 4\n");
    }

    @Test
    public void aDumpGrantingToARoleTheTargetLacksRestoresWithNoAclOrWithTheRoleCreatedFirst() throws Exception {
        PG.cluster().execute("app", "create role reporting; grant select on users to reporting");
        DrConfig config = S3.config("components:\n  database: { type: postgres, url: \"" + PG.cluster().url("app") + "\", encrypt: true }\n");
        ArtifactRecord artifact = backup(config, "database").manifest().artifacts().get(0);
        // The new server does not have the role: it lived in the lost cluster.
        PG.cluster().execute("app", "drop owned by reporting; drop role reporting");
        Path key = writeIdentityFile();
        String fetch = "/usr/bin/aws s3 cp s3://" + config.primary().bucket() + "/" + artifact.key() + " - --endpoint-url "
                + S3.server().endpoint() + " | age -d -i " + key + " | zstd -d | " + PgTools.locate().tool("pg_restore");
        for (String db : List.of("app_owner_only", "app_no_acl", "app_roles_first")) {
            PG.cluster().execute("postgres", "create database " + db);
        }

        Result ownerOnly = run(fetch + " --no-owner -d '" + PG.cluster().url("app_owner_only").libpqUrl() + "'");
        Result noAcl = run(fetch + " --no-owner --no-acl -d '" + PG.cluster().url("app_no_acl").libpqUrl() + "'");
        PG.cluster().execute("postgres", "create role reporting");
        Result rolesFirst = run(fetch + " --no-owner -d '" + PG.cluster().url("app_roles_first").libpqUrl() + "'");

        assertThat(ownerOnly.exit()).as("what the runbook used to say").isEqualTo(1);
        assertThat(ownerOnly.err()).contains("role \"reporting\" does not exist");
        assertThat(noAcl.exit()).as(noAcl.err()).isZero();
        assertThat(PG.cluster().sql("app_no_acl", "select count(*) from users")).isEqualTo("500");
        assertThat(rolesFirst.exit()).as(rolesFirst.err()).isZero();
        assertThat(PG.cluster().sql("app_roles_first", "select count(*) || ':' || has_table_privilege('reporting', 'users', 'select') from users"))
                .isEqualTo("500:true");
    }

    @Test
    public void withoutPipefailAFailedDownloadIsInvisibleAndWithItThePipelineFails() throws Exception {
        DrConfig config = S3.config("components:\n  secrets: { type: command, command: \"printf '{}'\", encrypt: true }\n");
        ArtifactRecord artifact = backup(config, "secrets").manifest().artifacts().get(0);
        // A mistyped key: aws fails, and sha256sum happily digests the empty stream it was given.
        String pipeline = "/usr/bin/aws s3 cp s3://" + config.primary().bucket() + "/" + artifact.key() + "x - --endpoint-url "
                + S3.server().endpoint() + " | sha256sum | cut -d' ' -f1";

        Result without = run("set +o pipefail; " + pipeline);
        Result with = run("set -o pipefail; " + pipeline);

        assertThat(without.exit()).isZero();
        assertThat(without.out()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"); // SHA-256 of nothing
        assertThat(with.exit()).isNotZero();
        assertThat(with.err()).contains("404");
    }

    @Test
    public void aPostgresClusterRestoresToAPointInTimeWithAwsAgeZstdTarAndPgCtlOnly() throws Exception {
        LocalCluster origin = ORIGIN.cluster();
        origin.execute("postgres", "create database shop");
        origin.execute("shop", "create table orders (id serial primary key, batch int not null)");
        DrConfig config = S3.config("components:\n  db: { type: postgres-cluster, url: \"" + origin.url("shop") + "\", encrypt: true }\n");
        BackupResult base = backup(config, "db");
        origin.execute("shop", "insert into orders (batch) select 1 from generate_series(1, 300)");
        String between = origin.sql("shop", "select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US+00')");
        Thread.sleep(20);
        origin.execute("shop", "insert into orders (batch) select 2 from generate_series(1, 200)");
        ORIGIN.switchSegment();
        try (ObjectStore primary = S3.open(config.primary())) {
            ORIGIN.pushAll(new WalPusher(primary, "db", config.component("db").orElseThrow().compression(), 3, List.of(KEY.recipient())));
        }
        String bucket = "s3://" + config.primary().bucket();
        String endpoint = " --endpoint-url " + S3.server().endpoint();
        // The restore lives where the server's OS user can reach it, as /restore would.
        Path restore = Files.createTempDirectory("dr-runbook-restore-");
        int port = LocalCluster.freePort();
        try {
            Files.setPosixFilePermissions(restore, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.writeString(restore.resolve("key.txt"), KEY.identityFileContent(), StandardCharsets.UTF_8);
            Files.writeString(restore.resolve("fetch-wal.sh"), fetchScriptFromTheRunbook()
                    .replace("STORE=s3://BUCKET/db/wal", "STORE=" + bucket + "/db/wal")
                    .replace("ENDPOINT=()", "ENDPOINT=(--endpoint-url " + S3.server().endpoint() + ")")
                    .replace("KEY=/restore/key.txt", "KEY=" + restore.resolve("key.txt"))
                    .replace("set -euo pipefail", "set -euo pipefail\nexport PATH=/usr/bin:/bin AWS_ACCESS_KEY_ID=" + S3.server().accessKeyId()
                            + " AWS_SECRET_ACCESS_KEY=" + S3.server().secretAccessKey() + " AWS_DEFAULT_REGION=us-east-1"
                            + " AWS_EC2_METADATA_DISABLED=true HOME=" + restore));

            String listing = shell("/usr/bin/aws s3 ls " + bucket + "/db/" + endpoint);
            String id = base.manifest().backupId();
            String walKey = shell("/usr/bin/aws s3 ls " + bucket + "/db/wal/00000001/" + base.manifest().source().get(org.drjenkins.engine.wal.BaseBackupPoint.START_SEGMENT) + "-"
                    + endpoint + " | awk '{print $4}'");
            Path bin = PgTools.locate().binDir();
            shell("mkdir -p " + restore + "/data && /usr/bin/aws s3 cp " + bucket + "/db/" + id + "/db.base.tar.zst.age -" + endpoint
                    + " | age -d -i " + restore + "/key.txt | zstd -d | tar -x -C " + restore + "/data"
                    + " && chmod 755 " + restore + "/fetch-wal.sh && chown -R postgres:postgres " + restore + " && chmod 700 " + restore + "/data");
            shell("cat >> " + restore + "/data/postgresql.auto.conf <<'CONF'\n"
                    + "restore_command = '" + restore + "/fetch-wal.sh %f %p'\n"
                    + "archive_mode = off\n"
                    + "port = " + port + "\n"
                    + "listen_addresses = '127.0.0.1'\n"
                    + "unix_socket_directories = ''\n"
                    + "recovery_target_time = '" + between + "'\n"
                    + "recovery_target_action = 'promote'\n"
                    + "CONF\n"
                    + "touch " + restore + "/data/recovery.signal && chown postgres:postgres " + restore + "/data/recovery.signal"
                    + " && runuser -u postgres -- " + bin.resolve("pg_ctl") + " -D " + restore + "/data -l " + restore + "/server.log -w -t 120 start"
                    + " >/dev/null");
            String promoted = shell("for i in $(seq 1 600); do r=$(" + bin.resolve("psql") + " -h 127.0.0.1 -p " + port
                    + " -U postgres -d shop -Atc 'select pg_is_in_recovery()' 2>/dev/null || true); [ \"$r\" = f ] && break; sleep 0.2; done; echo $r");

            assertThat(listing).contains("PRE " + id + "/", "PRE wal/");
            assertThat(walKey).matches(base.manifest().source().get(org.drjenkins.engine.wal.BaseBackupPoint.START_SEGMENT) + "-[0-9a-f]{64}\\.zst\\.age");
            assertThat(promoted).as(Files.exists(restore.resolve("server.log")) ? Files.readString(restore.resolve("server.log")) : "no log")
                    .isEqualTo("f");
            assertThat(shell(bin.resolve("psql") + " -h 127.0.0.1 -p " + port + " -U postgres -d shop -Atc"
                    + " \"select count(*) filter (where batch = 1) || ':' || count(*) filter (where batch = 2) from orders\""))
                    .isEqualTo("300:0");
        } finally {
            run("runuser -u postgres -- " + PgTools.locate().binDir().resolve("pg_ctl") + " -D " + restore + "/data -m immediate -w stop");
            org.drjenkins.engine.util.TempFiles.deleteRecursively(restore);
        }
    }

    /** The fetch-wal.sh block of docs/manual-restore.md, so the page and the test cannot drift apart. */
    private static String fetchScriptFromTheRunbook() throws Exception {
        String page = Files.readString(Path.of("..", "docs", "manual-restore.md"));
        int marker = page.indexOf("<!-- fetch-wal.sh");
        assertThat(marker).as("fetch-wal.sh block in docs/manual-restore.md").isNotNegative();
        int start = page.indexOf("```bash\n", marker) + "```bash\n".length();
        return page.substring(start, page.indexOf("```", start));
    }

    private Path writeIdentityFile() throws Exception {
        Path file = temp.newFile("key.txt").toPath();
        Files.writeString(file, KEY.identityFileContent(), StandardCharsets.UTF_8);
        return file;
    }

    private record Result(int exit, String out, String err) {
    }

    /** Runs a pipeline like {@link #shell} and returns its exit status and output instead of requiring success. */
    private static Result run(String pipeline) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-o", "pipefail", "-c", pipeline);
        credentials(pb.environment());
        Process p = pb.start();
        java.util.concurrent.CompletableFuture<String> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return new Result(p.waitFor(), out, err.get());
    }

    private static void credentials(Map<String, String> env) {
        env.put("AWS_ACCESS_KEY_ID", S3.server().accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", S3.server().secretAccessKey());
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
    }

    /** Runs a pipeline with bash -o pipefail and the store's credentials, as an operator's shell would. */
    private static String shell(String pipeline) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-o", "pipefail", "-c", pipeline).redirectErrorStream(false);
        Map<String, String> env = pb.environment();
        env.put("AWS_ACCESS_KEY_ID", S3.server().accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", S3.server().secretAccessKey());
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).as("exit of: %s%nstderr: %s", pipeline, err).isZero();
        return out;
    }
}
