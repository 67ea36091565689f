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
import java.util.List;
import java.util.Map;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.Role;
import org.drjenkins.engine.postgres.ClusterOptions;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.storage.LocalS3Server;
import org.drjenkins.engine.storage.ObjectInfo;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreConnector;
import org.drjenkins.engine.util.Json;
import org.drjenkins.engine.util.TempFiles;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

/**
 * WAL archiving as it runs in production: a real PostgreSQL 15 whose archive_command is {@code dr wal-push}, run by
 * the server as its own OS user with only its environment, against a real S3 server (S3Proxy); base backups, restores
 * and compliance through the dr commands.
 */
public class WalArchivingEndToEndTest {

    private static final String[] BUCKETS = {"wal-use1", "wal-euw1", "gap-use1", "gap-euw1"};

    private static LocalS3Server s3;
    private static Path dir;
    private static LocalCluster pg;
    private static Path config;

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeClass
    public static void startArchivingCluster() throws Exception {
        s3 = CliStore.start(BUCKETS);
        dir = Files.createTempDirectory("dr-wal-e2e-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dr = PostgresReadableLauncher.create(dir, Map.of("AWS_ACCESS_KEY_ID", s3.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", s3.secretAccessKey(), "AWS_REGION", "us-east-1"));
        config = dir.resolve("dr.yaml");
        pg = LocalCluster.ephemeral("wal-e2e", ClusterOptions.defaults().withSetting("archive_mode", "on")
                .withSetting("archive_command", dr + " wal-push --config " + config + " --component db %p"));
        Files.writeString(config, yaml("wal", ""));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        pg.execute("postgres", "CREATE DATABASE shop");

        int code = DrCommand.execute("backup", "--config", config.toString(), "--component", "db");
        assertThat(code).as("dr backup of the cluster").isZero();
        pg.execute("shop", "CREATE TABLE after_backup (id int); INSERT INTO after_backup VALUES (1)");
        switchSegment(true);
    }

    @AfterClass
    public static void stopAll() throws Exception {
        CliStore.forgetKeys();
        try {
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

    private static String yaml(String bucketPrefix, String checks) {
        return "regions:\n"
                + "  - { name: us-east-1, role: primary, bucket: " + bucketPrefix + "-use1, endpoint: \"" + s3.endpoint() + "\" }\n"
                + "  - { name: eu-west-1, role: secondary, bucket: " + bucketPrefix + "-euw1, endpoint: \"" + s3.endpoint() + "\" }\n"
                + "components:\n  db:\n    type: postgres-cluster\n    url: " + pg.url("shop") + "\n    archiveTimeout: 60s\n" + checks;
    }

    private Path configWithChecks(String bucketPrefix, String... checks) throws Exception {
        StringBuilder list = new StringBuilder("    checks:\n");
        for (String check : checks) {
            list.append("      - \"").append(check).append("\"\n");
        }
        Path file = temp.newFile().toPath();
        Files.writeString(file, yaml(bucketPrefix, checks.length == 0 ? "" : list.toString()));
        return file;
    }

    /** Ends the current segment; waits until archive_command stored it when {@code await}. Returns its name. */
    private static String switchSegment(boolean await) throws SQLException, InterruptedException {
        String segment = pg.sql("postgres", "SELECT pg_walfile_name(pg_switch_wal())");
        if (await) {
            awaitArchived(segment);
        }
        return segment;
    }

    private static void awaitArchived(String segment) throws SQLException, InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (!pg.sql("postgres", "SELECT coalesce(last_archived_wal, '') >= '" + segment + "' FROM pg_stat_archiver").equals("t")) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(segment + " not archived in 120 s: " + pg.sql("postgres",
                        "SELECT failed_count || ' failures, last ' || coalesce(last_failed_wal, '-') FROM pg_stat_archiver"));
            }
            Thread.sleep(100);
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

    private static List<ObjectInfo> walObjects(String bucket) {
        try (ObjectStore store = StoreConnector.connect(new Region("us-east-1", Role.PRIMARY, bucket, s3.endpoint()), s3.credentials())) {
            return store.list("db/wal/");
        }
    }

    @Test
    public void aRestoreToAMomentHoldsExactlyTheRowsCommittedBeforeItAndOneToTheEndHoldsAll() throws Exception {
        pg.execute("shop", "CREATE TABLE orders (id serial, batch int)");
        pg.execute("shop", "INSERT INTO orders (batch) SELECT 1 FROM generate_series(1, 100)");
        Instant moment = OffsetDateTime.parse(pg.sql("shop", "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC',"
                + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")).toInstant();
        Thread.sleep(20);
        pg.execute("shop", "INSERT INTO orders (batch) SELECT 2 FROM generate_series(1, 50)");
        switchSegment(true);

        Path toMoment = configWithChecks("wal", "select count(*) = 100 from orders where batch = 1",
                "select count(*) = 0 from orders where batch = 2");
        assertThat(run("verify-restore", "--config", toMoment.toString(), "--component", "db", "--to-time", moment.toString(), "--json"))
                .as(err.toString()).isZero();
        JsonNode json = Json.mapper().readTree(out.toString());
        assertThat(json.get("verified").asBoolean()).isTrue();
        assertThat(Instant.parse(json.get("recoveryPoint").asText())).isBefore(moment);

        Path toEnd = configWithChecks("wal", "select count(*) = 100 from orders where batch = 1",
                "select count(*) = 50 from orders where batch = 2");
        assertThat(run("verify-restore", "--config", toEnd.toString(), "--component", "db", "--json")).as(err.toString()).isZero();
        assertThat(Instant.parse(Json.mapper().readTree(out.toString()).get("recoveryPoint").asText())).isAfter(moment);
    }

    @Test
    public void withTheStoreDownWalPushFailsSoPostgresKeepsTheSegmentWhichArrivesOnceTheStoreIsBack() throws Exception {
        long failuresBefore = Long.parseLong(pg.sql("postgres", "SELECT failed_count FROM pg_stat_archiver"));
        s3.stop();
        String segment;
        try {
            pg.execute("shop", "CREATE TABLE during_outage (id int); INSERT INTO during_outage VALUES (1)");
            segment = switchSegment(false);
            long deadline = System.currentTimeMillis() + 120_000;
            while (Long.parseLong(pg.sql("postgres", "SELECT failed_count FROM pg_stat_archiver")) == failuresBefore) {
                assertThat(System.currentTimeMillis()).as("archive_command failed while the store was down").isLessThan(deadline);
                Thread.sleep(100);
            }
        } finally {
            s3.restart();
        }
        assertThat(pg.sql("postgres", "SELECT last_failed_wal FROM pg_stat_archiver")).isEqualTo(segment);

        // The archiver retries on its own within a minute; new WAL wakes it at once.
        pg.execute("shop", "INSERT INTO during_outage VALUES (2)");
        switchSegment(true);
        assertThat(walObjects("wal-use1")).anyMatch(o -> o.key().startsWith("db/wal/00000001/" + segment + "-"));
    }

    @Test
    public void walPushExitsOneNamingTheUnreachableStore() throws Exception {
        Path wal = Files.createDirectories(temp.getRoot().toPath().resolve("pg_wal")).resolve("0000000100000000000000F0");
        Files.write(wal, new byte[16 * 1024]);
        s3.stop();
        try {
            assertThat(run("wal-push", "--config", config.toString(), "--component", "db", wal.toString())).isEqualTo(1);
        } finally {
            s3.restart();
        }
        assertThat(err.toString()).startsWith("dr wal-push: s3://wal-use1/db/wal/00000001/0000000100000000000000F0-")
                .contains("is the store reachable at its endpoint?");
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    public void aSegmentPushedAgainIsAcceptedAndDifferentContentUnderItsNameIsRefused() throws Exception {
        String archived = walObjects("wal-use1").stream().map(o -> o.key().substring("db/wal/00000001/".length()))
                .filter(k -> k.matches("[0-9A-F]{24}-.*")).findFirst().orElseThrow().substring(0, 24);
        Path pgWal = Files.createDirectories(temp.getRoot().toPath().resolve("pg_wal"));
        Path segment = pgWal.resolve(archived);
        assertThat(run("wal-fetch", "--config", config.toString(), "--component", "db", archived, segment.toString())).as(err.toString()).isZero();

        assertThat(run("wal-push", "--config", config.toString(), "--component", "db", "--verbose", segment.toString())).isZero();
        assertThat(err.toString()).contains(archived + " was already archived as s3://wal-use1/db/wal/00000001/" + archived + "-");

        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length / 2] ^= 1;
        Files.write(segment, bytes);
        assertThat(run("wal-push", "--config", config.toString(), "--component", "db", segment.toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("dr wal-push: " + archived + " is already archived with different content");
    }

    @Test
    public void aMissingSegmentIsNamedByComplianceAndStopsVerifyRestore() throws Exception {
        pg.execute("shop", "CREATE TABLE before_gap (id int); INSERT INTO before_gap VALUES (1)");
        switchSegment(true);
        pg.execute("shop", "INSERT INTO before_gap VALUES (2)");
        switchSegment(true);
        Path gapConfig = configWithChecks("gap");
        String missing;
        try (ObjectStore from = StoreConnector.connect(new Region("us-east-1", Role.PRIMARY, "wal-use1", s3.endpoint()), s3.credentials());
                ObjectStore to = StoreConnector.connect(new Region("us-east-1", Role.PRIMARY, "gap-use1", s3.endpoint()), s3.credentials())) {
            for (ObjectInfo object : from.list("db/")) {
                to.copyFrom(from, object.key());
            }
            List<ObjectInfo> segments = to.list("db/wal/00000001/").stream().filter(o -> o.key().matches("db/wal/00000001/[0-9A-F]{24}-.*"))
                    .toList();
            ObjectInfo gap = segments.get(segments.size() - 2);
            to.delete(gap.key());
            missing = gap.key().substring("db/wal/00000001/".length(), "db/wal/00000001/".length() + 24);
        }

        assertThat(run("compliance", "--config", gapConfig.toString(), "--json")).isEqualTo(1);
        JsonNode db = Json.mapper().readTree(out.toString()).get("components").get(0);
        assertThat(db.get("verdict").asText()).isEqualTo("VIOLATED");
        assertThat(db.get("reasons").toString()).contains("WAL gap: " + missing + " is missing");

        assertThat(run("verify-restore", "--config", gapConfig.toString(), "--component", "db", "--json")).isEqualTo(1);
        assertThat(Json.mapper().readTree(out.toString()).get("failures").get(0).asText()).contains("WAL gap: " + missing + " is missing");
    }

    @Test
    public void walReplicateBringsTheSecondRegionInSyncAndComplianceReportsTheArchiveLag() throws Exception {
        pg.execute("shop", "CREATE TABLE replicated (id int); INSERT INTO replicated VALUES (1)");
        switchSegment(true);

        assertThat(run("wal-replicate", "--config", config.toString(), "--component", "db")).as(out.toString()).isZero();
        assertThat(out.toString()).containsPattern("eu-west-1 +[1-9][0-9]* copied +in sync");
        assertThat(walObjects("wal-euw1")).extracting(ObjectInfo::key)
                .containsExactlyElementsOf(walObjects("wal-use1").stream().map(ObjectInfo::key).toList());

        run("compliance", "--config", config.toString(), "--json");
        JsonNode db = Json.mapper().readTree(out.toString()).get("components").get(0);
        assertThat(db.get("rpoBasis").asText()).contains("WAL archive (newest ");
        assertThat(db.get("rpoSeconds").asDouble()).isLessThan(120);
        assertThat(db.get("reasons").toString()).contains("WAL copy in eu-west-1: in sync");
    }
}
