package org.drjenkins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.drjenkins.engine.storage.LocalS3Server;
import org.drjenkins.engine.util.Json;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

/** The dr command line as a user meets it: help, exit codes, messages, JSON output, against a real local S3 server. */
public class DrCommandTest {

    private static LocalS3Server s3;

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeClass
    public static void startStore() {
        s3 = CliStore.start("cli-use1", "cli-euw1");
    }

    @AfterClass
    public static void stopStore() {
        CliStore.stop(s3);
    }

    private int run(String... args) {
        CommandLine cli = DrCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path config(String components) throws Exception {
        Path file = temp.newFile("dr.yaml").toPath();
        Files.writeString(file, "regions:\n"
                + "  - { name: us-east-1, role: primary, bucket: cli-use1, endpoint: \"" + s3.endpoint() + "\" }\n"
                + "  - { name: eu-west-1, role: secondary, bucket: cli-euw1, endpoint: \"" + s3.endpoint() + "\" }\n"
                + components);
        return file;
    }

    @Test
    public void helpListsEveryCommand() {
        assertThat(run("--help")).isZero();

        assertThat(out.toString()).contains("backup", "backups", "verify-restore", "compliance", "validate", "prune", "serve-s3", "demo", "Exit codes");
    }

    @Test
    public void everyCommandHasCompleteHelp() {
        CommandLine tree = DrCommand.newCommandLine();
        List<String> commands = tree.getSubcommands().entrySet().stream()
                .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden() && !e.getKey().equals("help")).map(java.util.Map.Entry::getKey)
                .toList();
        assertThat(commands).contains("backup", "verify-restore", "failover", "watch", "drill", "wal-push", "wal-fetch", "prune", "demo");
        for (String command : commands) {
            assertThat(tree.getSubcommands().get(command).getCommandSpec().usageMessage().header()).as(command + " header").isNotEmpty();
            StringWriter help = new StringWriter();
            CommandLine cli = DrCommand.newCommandLine();
            cli.setOut(new PrintWriter(help, true));
            assertThat(cli.execute(command, "--help")).as(command).isZero();
            assertThat(help.toString()).as(command).contains("Usage: dr " + command);
            cli.getSubcommands().get(command).getCommandSpec().options().forEach(option ->
                    assertThat(option.description()).as(command + " " + option.longestName()).isNotEmpty());
        }
    }

    @Test
    public void anInvalidConfigurationExitsTwoWithEveryProblemAndItsField() throws Exception {
        Path file = temp.newFile("bad.yaml").toPath();
        Files.writeString(file, "thresholds:\n  failoverThreshold: -5m\n  healthCheckIntervall: 30s\n");

        assertThat(run("validate", "--config", file.toString())).isEqualTo(2);

        assertThat(err.toString()).contains("thresholds.failoverThreshold", "negative", "thresholds.healthCheckIntervall", "healthCheckInterval");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    public void aMissingConfigurationFileIsBadInput() {
        assertThat(run("backup", "--config", temp.getRoot().toPath().resolve("nope.yaml").toString(), "--component", "db")).isEqualTo(2);

        assertThat(err.toString()).contains("--config").contains("no such file");
    }

    @Test
    public void anUnknownOptionIsBadInput() {
        assertThat(run("backup", "--componnt", "db")).isEqualTo(2);
    }

    @Test
    public void backupPrintsTheDocumentedJsonAndBackupsListsIt() throws Exception {
        Path file = config("components:\n  secrets: { type: command, command: \"printf hello\" }\n");

        assertThat(run("backup", "--config", file.toString(), "--component", "secrets", "--json")).isZero();

        JsonNode json = Json.mapper().readTree(out.toString());
        assertThat(json.fieldNames()).toIterable().contains("backupId", "component", "location", "regions", "artifacts", "durationSeconds", "consistentAt");
        assertThat(json.get("regions")).hasSize(2);
        JsonNode artifact = json.get("artifacts").get(0);
        assertThat(artifact.get("key").asText()).startsWith("secrets/" + json.get("backupId").asText() + "/");
        assertThat(artifact.get("rawBytes").asLong()).isEqualTo(5);
        assertThat(artifact.get("sha256").asText()).hasSize(64);

        out.getBuffer().setLength(0);
        assertThat(run("backups", "--config", file.toString())).isZero();
        assertThat(out.toString()).contains(json.get("backupId").asText()).contains("us-east-1,eu-west-1").contains("unverified");
    }

    @Test
    public void verifyRestoreAndComplianceReportTheMeasuredEvidence() throws Exception {
        Path file = config("components:\n  config-dump: { type: command, command: \"printf '{\\\"a\\\":1}'\" }\n");
        assertThat(run("backup", "--config", file.toString(), "--component", "config-dump")).isZero();
        out.getBuffer().setLength(0);

        assertThat(run("verify-restore", "--config", file.toString(), "--component", "config-dump", "--json")).isZero();

        JsonNode json = Json.mapper().readTree(out.toString());
        assertThat(json.get("verified").asBoolean()).isTrue();
        assertThat(json.get("rtoSeconds").asDouble()).isGreaterThan(0);
        assertThat(json.get("rpoTargetSeconds").asDouble()).isEqualTo(900);
        assertThat(json.fieldNames()).toIterable().contains("backupId", "failures", "phases", "rtoTargetSeconds", "rpoSeconds", "compliant");

        out.getBuffer().setLength(0);
        int code = run("compliance", "--config", file.toString(), "--json");
        JsonNode report = Json.mapper().readTree(out.toString());
        assertThat(report.get("components").get(0).get("verdict").asText()).isEqualTo("COMPLIANT");
        assertThat(code).isZero();
    }

    @Test
    public void pruneDryRunListsEveryDecisionAndDeletesNothing() throws Exception {
        Path file = config("components:\n  notes: { type: command, command: \"printf n\" }\n");
        assertThat(run("backup", "--config", file.toString(), "--component", "notes", "--no-retention")).isZero();
        out.getBuffer().setLength(0);

        assertThat(run("prune", "--config", file.toString(), "--component", "notes", "--dry-run", "--json")).isZero();

        JsonNode rows = Json.mapper().readTree(out.toString());
        assertThat(rows).hasSize(2);
        assertThat(rows.findValuesAsText("region")).containsExactly("us-east-1", "eu-west-1");
        assertThat(rows.findValuesAsText("action")).containsOnly("keep");
        assertThat(rows.findValuesAsText("reason")).containsOnly("inside the 30d retention window");
    }

    @Test
    public void complianceWatchPrintsTheBaselineOfEveryComponentAndRefusesABadInterval() throws Exception {
        Path file = config("components:\n  watched: { type: command, command: \"printf w\" }\n");
        assertThat(run("backup", "--config", file.toString(), "--component", "watched")).isZero();
        out.getBuffer().setLength(0);

        assertThat(run("compliance", "--config", file.toString(), "--watch", "5m", "--rounds", "1")).isZero();
        assertThat(out.toString()).contains("evaluated: overall NO_EVIDENCE").contains("  watched: NO_EVIDENCE (");

        assertThat(run("compliance", "--config", file.toString(), "--watch", "0s")).isNotZero();
        assertThat(err.toString()).contains("--watch 0s: not a positive duration; write e.g. 30s, 5m or 1h");
        assertThat(run("compliance", "--config", file.toString(), "--watch", "5m", "--json")).isNotZero();
        assertThat(err.toString()).contains("--watch evaluates now, again and again: leave out --at and --json");
    }
}
