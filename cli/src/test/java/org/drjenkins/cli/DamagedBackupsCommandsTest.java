package org.drjenkins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.Role;
import org.drjenkins.engine.manifest.ArtifactRecord;
import org.drjenkins.engine.manifest.BackupId;
import org.drjenkins.engine.manifest.BackupLayout;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.storage.LocalS3Server;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreConnector;
import org.drjenkins.engine.storage.StoredObject;
import org.drjenkins.engine.util.Json;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

/**
 * One backup's manifest.json replaced by {@code {not json}} and another's naming an artifact key {@code ../../x}, among
 * good backups, against a real local S3 server: listing, compliance, prune, verify-restore and dr backup's retention of
 * the others work as before, and both damaged ones are reported (dr backups, --check) and kept.
 */
public class DamagedBackupsCommandsTest {

    private static LocalS3Server s3;

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    @BeforeClass
    public static void startStore() {
        s3 = CliStore.start("dmg-use1", "dmg-euw1");
    }

    @AfterClass
    public static void stopStore() {
        CliStore.stop(s3);
    }

    private static ObjectStore primary(String bucket) {
        return StoreConnector.connect(new Region("us-east-1", Role.PRIMARY, bucket, s3.endpoint()), s3.credentials());
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = DrCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    public void damagedManifestsAreReportedAndKeptWhileEveryOtherBackupWorksAsBefore() throws Exception {
        Path config = temp.newFile("dr.yaml").toPath();
        Files.writeString(config, "regions:\n"
                + "  - { name: us-east-1, role: primary, bucket: dmg-use1, endpoint: \"" + s3.endpoint() + "\" }\n"
                + "  - { name: eu-west-1, role: secondary, bucket: dmg-euw1, endpoint: \"" + s3.endpoint() + "\" }\n"
                + "thresholds: { backupRetention: 1d }\n"
                + "targets:\n  app: { rto: 1h, rpo: 1h }\n"
                + "components:\n  app: { type: command, command: \"printf hello\" }\n");
        String c = config.toString();
        // Three backups from earlier runs (10, 9 and 8 days ago), then one made now by dr backup.
        List<String> ids = new ArrayList<>();
        try (ObjectStore store = primary("dmg-use1")) {
            for (int daysAgo = 10; daysAgo >= 8; daysAgo--) {
                ids.add(storeOldBackup(store, Instant.now().minus(Duration.ofDays(daysAgo))));
            }
        }
        assertThat(run("backup", "-c", c, "--component", "app", "--no-retention", "--json")).as(err.toString()).isZero();
        ids.add(Json.mapper().readTree(out.toString()).get("backupId").asText());
        String garbage = ids.get(0);
        String escaping = ids.get(1);
        try (ObjectStore store = primary("dmg-use1")) {
            store.putBytes("app/" + garbage + "/" + BackupLayout.MANIFEST, "{not json".getBytes(StandardCharsets.UTF_8), "application/json");
            ObjectNode manifest = (ObjectNode) Json.mapper().readTree(store.getBytes("app/" + escaping + "/manifest.json").orElseThrow());
            ((ObjectNode) manifest.withArray("artifacts").get(0)).put("key", "../../x");
            store.putBytes("app/" + escaping + "/" + BackupLayout.MANIFEST, Json.toBytes(manifest), "application/json");
            store.putBytes("x", "not part of any backup".getBytes(StandardCharsets.UTF_8), "text/plain");
        }

        // Listing: the damaged two say why, the others read as before.
        assertThat(run("backups", "-c", c)).as(err.toString()).isZero();
        assertThat(lineOf(out.toString(), garbage)).contains("DAMAGED: manifest.json is not valid JSON");
        assertThat(lineOf(out.toString(), escaping)).contains("DAMAGED: manifest.json names artifact key ../../x outside the backup's folder app/"
                + escaping + "/ (never fetched)");
        assertThat(lineOf(out.toString(), ids.get(2))).contains("unverified");
        assertThat(lineOf(out.toString(), ids.get(3))).contains("unverified").contains("us-east-1,eu-west-1");

        assertThat(run("backups", "-c", c, "--check")).isEqualTo(1);
        assertThat(out.toString()).contains("DAMAGED app/" + garbage + ": manifest.json is not valid JSON")
                .contains("DAMAGED app/" + escaping + ": manifest.json names artifact key ../../x")
                .contains("4 backup folders checked in s3://dmg-use1: 2 DAMAGED");
        assertThat(out.toString()).doesNotContain(ids.get(2)).doesNotContain(ids.get(3));

        // Verification of "latest" takes the newest sound backup; the damaged one by id is refused, never fetched.
        assertThat(run("verify-restore", "-c", c, "--component", "app")).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains(ids.get(3));
        assertThat(run("verify-restore", "-c", c, "--component", "app", "--backup", escaping)).isEqualTo(2);
        assertThat(err.toString()).contains(escaping).contains("has no manifest").contains("dr backups");

        assertThat(run("compliance", "-c", c, "--json")).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("verified backup " + ids.get(3)).contains("COMPLIANT");

        // Retention: the damaged ones are kept for a person to decide; the old sound one goes as before.
        assertThat(run("prune", "-c", c)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("2 DAMAGED backup folders kept");
        assertThat(lineOf(out.toString(), "us-east-1", garbage)).contains("keep").contains("DAMAGED: manifest.json is not valid JSON")
                .contains("kept until a person decides");
        assertThat(lineOf(out.toString(), "us-east-1", ids.get(2))).contains("deleted");
        try (ObjectStore store = primary("dmg-use1")) {
            assertThat(store.head("app/" + garbage + "/manifest.json")).isPresent();
            assertThat(store.head("app/" + escaping + "/manifest.json")).isPresent();
            assertThat(store.list("app/" + ids.get(2) + "/")).isEmpty();
            assertThat(store.head("x")).isPresent();
        }

        // dr backup's own retention step runs (it used to stop at the first unreadable manifest) and keeps them too.
        java.io.ByteArrayOutputStream progress = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stderr = System.err;
        System.setErr(new java.io.PrintStream(progress, true, StandardCharsets.UTF_8)); // dr backup's progress goes there
        try {
            assertThat(run("backup", "-c", c, "--component", "app")).as(err.toString()).isZero();
        } finally {
            System.setErr(stderr);
        }
        assertThat(progress.toString(StandardCharsets.UTF_8)).doesNotContain("retention (us-east-1) skipped")
                .contains("retention (us-east-1): kept " + garbage + ": DAMAGED");
        assertThat(run("backups", "-c", c, "--check")).isEqualTo(1);
        assertThat(out.toString()).contains("4 backup folders checked in s3://dmg-use1: 2 DAMAGED");
    }

    /** A backup "from the past", as an earlier run would have left it (its artifact is never restored here). */
    private static String storeOldBackup(ObjectStore store, Instant startedAt) {
        BackupId id = BackupId.newId(startedAt);
        String key = BackupLayout.artifactKey("app", id, "app.out.zst");
        StoredObject stored = store.putBytes(key, new byte[] {1, 2, 3}, "application/octet-stream");
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, id.value(), "app", "command", startedAt, startedAt, startedAt, "zstd", 1, null,
                List.of(new ArtifactRecord(key, 3, 3, stored.sha256())), Map.of(), "us-east-1", Map.of("name", "dr"), "hint");
        store.putBytes(BackupLayout.manifestKey("app", id), Json.toBytes(manifest), "application/json");
        return id.value();
    }

    private static String lineOf(String text, String... needles) {
        return text.lines().filter(l -> java.util.Arrays.stream(needles).allMatch(l::contains)).findFirst()
                .orElse("(no line with " + String.join(" and ", needles) + " in:\n" + text + ")");
    }
}
