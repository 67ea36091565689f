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
import org.drjenkins.engine.postgres.PgTools;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.testing.PostgresFixture;
import org.drjenkins.engine.testing.S3Fixture;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * docs/manual-restore.md, executed: a backup written by dr is restored with Debian's aws, age, zstd, tar and pg_restore
 * only, exactly as the runbook (and each manifest's restoreHint) says, as an operator would when dr itself is lost.
 */
public class ManualRestoreRunbookTest {

    @ClassRule
    public static final PostgresFixture PG = new PostgresFixture("runbook-test");

    @ClassRule
    public static final S3Fixture S3 = new S3Fixture();

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
                + " | age -d -i " + key + " | zstd -d | " + PgTools.locate().tool("pg_restore") + " --no-owner -d '"
                + PG.cluster().url("app_restored").libpqUrl() + "' && echo restored");

        assertThat(digest).isEqualTo(artifact.sha256());
        assertThat(restore).isEqualTo("restored");
        assertThat(PG.cluster().sql("app_restored", "select count(*) || ':' || max(name) from users")).isEqualTo("500:user 99");
        assertThat(result.manifest().restoreHint()).contains("age -d -i key.txt | zstd -d | pg_restore");
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

    private Path writeIdentityFile() throws Exception {
        Path file = temp.newFile("key.txt").toPath();
        Files.writeString(file, KEY.identityFileContent(), StandardCharsets.UTF_8);
        return file;
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
