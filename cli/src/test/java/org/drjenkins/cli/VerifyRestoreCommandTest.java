package org.drjenkins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.Role;
import org.drjenkins.engine.storage.LocalS3Server;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreConnector;
import org.drjenkins.engine.util.Json;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

/** {@code dr verify-restore} and {@code dr compliance} as a user runs them: JSON shape and exit codes 0, 1 and 2. */
public class VerifyRestoreCommandTest {

    private static LocalS3Server s3;
    private static Region primary;

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeClass
    public static void startStore() {
        s3 = CliStore.start("vr-use1", "vr-euw1");
        primary = new Region("us-east-1", Role.PRIMARY, "vr-use1", s3.endpoint());
    }

    @AfterClass
    public static void stopStore() {
        CliStore.stop(s3);
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = DrCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path config(String components) throws Exception {
        Path file = temp.newFile().toPath();
        Files.writeString(file, "regions:\n"
                + "  - { name: us-east-1, role: primary, bucket: vr-use1, endpoint: \"" + s3.endpoint() + "\" }\n"
                + "  - { name: eu-west-1, role: secondary, bucket: vr-euw1, endpoint: \"" + s3.endpoint() + "\" }\n"
                + components);
        return file;
    }

    private JsonNode backup(Path file, String component) throws Exception {
        assertThat(run("backup", "--config", file.toString(), "--component", component, "--json")).as(err.toString()).isZero();
        return Json.mapper().readTree(out.toString());
    }

    @Test
    public void aVerifiedBackupExitsZeroWithTheDocumentedJson() throws Exception {
        Path file = config("targets:\n  inventory: { rto: 10m, rpo: 15m }\n"
                + "components:\n  inventory: { type: command, command: \"printf '[1,2,3]'\" }\n");
        String backupId = backup(file, "inventory").get("backupId").asText();

        int code = run("verify-restore", "--config", file.toString(), "--component", "inventory", "--json",
                "--work-dir", temp.newFolder().toString());

        assertThat(code).as(err.toString()).isZero();
        JsonNode json = Json.mapper().readTree(out.toString());
        assertThat(json.fieldNames()).toIterable().contains("backupId", "verified", "failures", "phases", "rtoSeconds", "rtoTargetSeconds",
                "rpoSeconds", "rpoTargetSeconds", "compliant");
        assertThat(json.get("backupId").asText()).isEqualTo(backupId);
        assertThat(json.get("verified").isBoolean()).isTrue();
        assertThat(json.get("verified").asBoolean()).isTrue();
        assertThat(json.get("failures").isArray()).isTrue();
        assertThat(json.get("failures")).isEmpty();
        assertThat(json.get("phases").fieldNames()).toIterable().containsExactly("fetchVerify", "restore", "checks");
        assertThat(json.get("rtoSeconds").isNumber()).isTrue();
        assertThat(json.get("rtoTargetSeconds").asDouble()).isEqualTo(600);
        assertThat(json.get("rpoTargetSeconds").asDouble()).isEqualTo(900);
        assertThat(json.get("rpoSeconds").asDouble()).isBetween(0.0, 60.0);
        assertThat(json.get("compliant").asBoolean()).isTrue();
        assertThat(json.get("recordedIn")).extracting(JsonNode::asText).containsExactly("us-east-1", "eu-west-1");

        assertThat(run("compliance", "--config", file.toString(), "--json")).isZero();
        JsonNode report = Json.mapper().readTree(out.toString());
        assertThat(report.get("overall").asText()).isEqualTo("COMPLIANT");
        assertThat(report.get("components").get(0).get("rpoBasis").asText()).isEqualTo("verified backup " + backupId);

        assertThat(run("compliance", "--config", file.toString())).isZero();
        assertThat(out.toString()).contains("inventory", "COMPLIANT", "verified backup " + backupId).contains("overall: COMPLIANT");
    }

    @Test
    public void aCorruptBackupExitsOneNamingTheArtifactExpectedAndActual() throws Exception {
        Path file = config("components:\n  ledger: { type: command, command: \"printf 'ledger entries'\" }\n");
        JsonNode artifact = backup(file, "ledger").get("artifacts").get(0);
        String key = artifact.get("key").asText();
        try (ObjectStore store = StoreConnector.connect(primary, s3.credentials())) {
            byte[] bytes;
            try (InputStream in = store.open(key)) {
                bytes = in.readAllBytes();
            }
            bytes[bytes.length / 2] ^= 0x10;
            store.putBytes(key, bytes, "application/octet-stream");
        }

        int code = run("verify-restore", "--config", file.toString(), "--component", "ledger", "--json");

        assertThat(code).isEqualTo(1);
        JsonNode json = Json.mapper().readTree(out.toString());
        assertThat(json.get("verified").asBoolean()).isFalse();
        assertThat(json.get("compliant").asBoolean()).isFalse();
        assertThat(json.get("failures")).singleElement().extracting(JsonNode::asText).asString()
                .startsWith(key.substring(key.lastIndexOf('/') + 1) + ": SHA-256 mismatch: expected " + artifact.get("sha256").asText() + ", actual ");

        assertThat(run("verify-restore", "--config", file.toString(), "--component", "ledger")).isEqualTo(1);
        assertThat(out.toString()).startsWith("NOT VERIFIED ledger/").contains("failure: ledger.out.zst: SHA-256 mismatch");

        assertThat(run("compliance", "--config", file.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("NO_EVIDENCE");
    }

    @Test
    public void badInputExitsTwoWithOneLineNamingTheOption() throws Exception {
        Path file = config("components:\n  ledger: { type: command, command: \"printf x\" }\n");

        assertThat(run("verify-restore", "--config", file.toString(), "--component", "ledgr")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("dr verify-restore: --component ledgr: no such component; configured: ledger" + System.lineSeparator());

        assertThat(run("verify-restore", "--config", file.toString(), "--component", "ledger", "--backup", "yesterday")).isEqualTo(2);
        assertThat(err.toString()).contains("--backup yesterday: not a backup id");

        assertThat(run("verify-restore", "--config", file.toString(), "--component", "ledger", "--replace")).isEqualTo(2);
        assertThat(err.toString()).contains("--replace needs --target");

        assertThat(run("verify-restore", "--config", file.toString(), "--component", "ledger", "--target", "postgresql://db/x")).isEqualTo(2);
        assertThat(err.toString()).contains("--target: only postgres components restore into a server");

        assertThat(run("verify-restore", "--config", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--component");

        assertThat(run("compliance", "--config", file.toString(), "--at", "last tuesday")).isEqualTo(2);
        assertThat(err.toString()).contains("--at last tuesday: not an ISO-8601 instant");
        assertThat(out.toString()).isEmpty();
    }
}
