package org.drjenkins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import org.drjenkins.engine.postgres.ClusterOptions;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.postgres.PgProcesses;
import org.drjenkins.engine.postgres.PgTools;
import org.drjenkins.engine.postgres.PgUrl;
import org.drjenkins.engine.storage.LocalS3Server;
import org.drjenkins.engine.util.Json;
import org.drjenkins.engine.util.TempFiles;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import picocli.CommandLine;

/**
 * dr restore as an operator runs it, against a real S3 server and real PostgreSQL 15: a postgres-cluster restored to a
 * moment into a data directory and started, its restore_command being {@code dr wal-fetch} run by the server as its
 * own OS user; a running server on the data directory refused without --confirm and replaced with it; a directory
 * restore's refusal, --diff and exit codes.
 */
public class RestoreCommandTest {

    private static LocalS3Server s3;
    private static Path dir;
    private static Path dr;
    private static LocalCluster pg;
    private static Path config;
    private static Path tree;
    private static Instant betweenBatches;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeClass
    public static void archiveAClusterAndBackUpATree() throws Exception {
        s3 = CliStore.start("rst-use1", "rst-euw1");
        dir = Files.createTempDirectory("dr-restore-cli-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        dr = PostgresReadableLauncher.create(dir, Map.of("AWS_ACCESS_KEY_ID", s3.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", s3.secretAccessKey(), "AWS_REGION", "us-east-1"));
        config = dir.resolve("dr.yaml");
        tree = Files.createDirectories(dir.resolve("tree"));
        Files.writeString(tree.resolve("agent.yaml"), "workers: 4\n");
        pg = LocalCluster.ephemeral("restore-cli", ClusterOptions.defaults().withSetting("archive_mode", "on")
                .withSetting("archive_command", dr + " wal-push --config " + config + " --component db %p"));
        Files.writeString(config, "regions:\n"
                + "  - { name: us-east-1, role: primary, bucket: rst-use1, endpoint: \"" + s3.endpoint() + "\" }\n"
                + "  - { name: eu-west-1, role: secondary, bucket: rst-euw1, endpoint: \"" + s3.endpoint() + "\" }\n"
                + "components:\n"
                + "  db:\n    type: postgres-cluster\n    url: " + pg.url("shop") + "\n"
                + "  conf: { type: directory, path: \"" + tree + "\" }\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        pg.execute("postgres", "CREATE DATABASE shop");
        pg.execute("shop", "CREATE TABLE orders (id serial PRIMARY KEY, batch int NOT NULL)");
        assertThat(DrCommand.execute("backup", "--config", config.toString(), "--component", "db")).as("dr backup of the cluster").isZero();
        assertThat(DrCommand.execute("backup", "--config", config.toString(), "--component", "conf")).as("dr backup of the tree").isZero();
        pg.execute("shop", "INSERT INTO orders (batch) SELECT 1 FROM generate_series(1, 100)");
        betweenBatches = OffsetDateTime.parse(pg.sql("shop", "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC',"
                + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")).toInstant();
        Thread.sleep(20);
        pg.execute("shop", "INSERT INTO orders (batch) SELECT 2 FROM generate_series(1, 50)");
        String segment = pg.sql("postgres", "SELECT pg_walfile_name(pg_switch_wal())");
        long deadline = System.currentTimeMillis() + 120_000;
        while (!pg.sql("postgres", "SELECT coalesce(last_archived_wal, '') >= '" + segment + "' FROM pg_stat_archiver").equals("t")) {
            assertThat(System.currentTimeMillis()).as(segment + " archived").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @AfterClass
    public static void stopAll() throws Exception {
        CliStore.forgetKeys();
        try {
            stopServer(dir.resolve("restored-data"));
            if (pg != null) {
                pg.close();
            }
        } finally {
            if (s3 != null) {
                s3.close();
            }
            TempFiles.deleteRecursively(dir);
        }
    }

    private static void stopServer(Path dataDir) throws Exception {
        if (Files.exists(dataDir.resolve("postmaster.pid"))) {
            PgProcesses.run(PgTools.locate().serverCommand("pg_ctl", "-D", dataDir.toString(), "-m", "fast", "-w", "stop"), "stop", 60);
        }
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = DrCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static String sql(int port, String query) throws SQLException {
        try (var c = org.drjenkins.engine.postgres.PgConnections.open(PgUrl.of("postgres", "127.0.0.1", port, "shop"), java.util.Optional.empty());
                var st = c.createStatement(); var rs = st.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    public void aClusterRestoredToAMomentAndStartedHoldsExactlyTheRowsBeforeItThenARunningServerNeedsConfirm() throws Exception {
        Path dataDir = dir.resolve("restored-data");
        int port = LocalCluster.freePort();

        int code = run("restore", "--config", config.toString(), "--component", "db", "--data-dir", dataDir.toString(),
                "--to-time", betweenBatches.toString(), "--start", "--port", Integer.toString(port), "--dr-command", dr.toString(), "--json");

        assertThat(code).as(err.toString()).isZero();
        JsonNode json = Json.mapper().readTree(out.toString());
        assertThat(json.get("detail").asText()).contains("started on port " + port + " and promoted", "last transaction committed at");
        assertThat(Instant.parse(json.get("recoveryPoint").asText())).isBefore(betweenBatches);
        assertThat(sql(port, "SELECT count(*) FROM orders WHERE batch = 1")).isEqualTo("100");
        assertThat(sql(port, "SELECT count(*) FROM orders WHERE batch = 2")).isEqualTo("0");
        assertThat(sql(port, "SELECT pg_is_in_recovery()")).isEqualTo("f");
        assertThat(Files.readString(dataDir.resolve("postgresql.auto.conf")))
                .contains("restore_command = '" + dr + " wal-fetch --config " + config + " --component db --region us-east-1 %f %p'");

        int refused = run("restore", "--config", config.toString(), "--component", "db", "--data-dir", dataDir.toString(), "--replace",
                "--start", "--port", Integer.toString(port), "--dr-command", dr.toString());

        assertThat(refused).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--data-dir " + dataDir + ": a PostgreSQL server runs on it", "pass --confirm");
        // Batch 1 is in every history the archive can hold ("latest" follows the newest timeline there).
        assertThat(sql(port, "SELECT count(*) FROM orders WHERE batch = 1")).isEqualTo("100");
        assertThat(Files.readString(dataDir.resolve("postgresql.auto.conf"))).contains("archive_mode = off");

        String pidBefore = sql(port, "SELECT pg_backend_pid() * 0 + (SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer')");
        int replaced = run("restore", "--config", config.toString(), "--component", "db", "--data-dir", dataDir.toString(),
                "--latest", "--replace", "--confirm", "--start", "--port", Integer.toString(port),
                "--dr-command", dr.toString());

        assertThat(replaced).as(err.toString()).isZero();
        assertThat(sql(port, "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'")).as("a new server").isNotEqualTo(pidBefore);
        // Batch 1 is in every history the archive can hold ("latest" follows the newest timeline there).
        assertThat(sql(port, "SELECT count(*) FROM orders WHERE batch = 1")).isEqualTo("100");
        assertThat(Files.readString(dataDir.resolve("postgresql.auto.conf"))).contains("archive_mode = off");
        assertThat(out.toString()).startsWith("RESTORED db/").contains("took ", "recorded in: s3://rst-use1/db/");
    }

    @Test
    public void aDirectoryRestoreRefusesANonEmptyTargetNamingTheOptionThenDiffsAndRestores() throws Exception {
        Path target = Files.createDirectories(dir.resolve("conf-target"));
        Files.writeString(target.resolve("agent.yaml"), "workers: 1\n");

        assertThat(run("restore", "--config", config.toString(), "--component", "conf", "--to", target.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--to " + target + ": not empty; pass --replace");

        assertThat(run("restore", "--config", config.toString(), "--component", "conf", "--to", target.toString(), "--diff")).isZero();
        assertThat(out.toString()).startsWith("DIFF (nothing written) conf/").contains("0 added, 1 changed, 0 removed", "~ agent.yaml");
        assertThat(Files.readString(target.resolve("agent.yaml"))).isEqualTo("workers: 1\n");

        assertThat(run("restore", "--config", config.toString(), "--component", "conf", "--to", target.toString(), "--replace",
                "--confirm")).as(err.toString()).isZero();
        assertThat(Files.readString(target.resolve("agent.yaml"))).isEqualTo("workers: 4\n");
    }

    @Test
    public void backupsListsWhatARegionHolds() {
        assertThat(run("backups", "--config", config.toString(), "--region", "eu-west-1", "--component", "conf")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("conf ").doesNotContain("no backups yet");

        assertThat(run("backups", "--config", config.toString(), "--region", "mars-1")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--region mars-1: no such region");
    }
}
