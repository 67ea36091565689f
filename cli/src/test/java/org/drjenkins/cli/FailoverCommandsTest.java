package org.drjenkins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.storage.LocalS3Server;
import org.drjenkins.engine.util.Json;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

/**
 * {@code dr failover}, {@code dr watch} and {@code dr drill} as a user meets them: exit codes, JSON, report files,
 * against a real streaming pair and a real S3 server. The pair is back to primary a, standby b after each test.
 */
public class FailoverCommandsTest {

    private static LocalS3Server s3;
    private static LocalCluster a;
    private static LocalCluster b;

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeClass
    public static void startStoreAndPair() throws Exception {
        s3 = CliStore.start("fo-cli-a", "fo-cli-b");
        a = LocalCluster.ephemeral("cli-failover-a");
        b = LocalCluster.ephemeralStandbyOf(a, "cli-failover-b");
    }

    @AfterClass
    public static void stopAll() throws Exception {
        CliStore.forgetKeys();
        try {
            if (b != null) {
                b.close();
            }
            if (a != null) {
                a.close();
            }
        } finally {
            s3.close();
        }
    }

    /** Back to a primary, b its standby, whatever a test did. */
    @After
    public void restorePair() throws Exception {
        PairRestore.restore(a, b);
    }

    private int run(String... args) {
        CommandLine cli = DrCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path config() throws Exception {
        Path file = temp.newFile("dr.yaml").toPath();
        Files.writeString(file, "regions:\n"
                + "  - { name: us-east-1, role: primary, bucket: fo-cli-a, endpoint: \"" + s3.endpoint() + "\",\n"
                + "      database: \"" + a.url("postgres") + "\", dataDirectory: \"" + a.dataDir() + "\" }\n"
                + "  - { name: eu-west-1, role: secondary, bucket: fo-cli-b, endpoint: \"" + s3.endpoint() + "\",\n"
                + "      database: \"" + b.url("postgres") + "\", dataDirectory: \"" + b.dataDir() + "\" }\n");
        return file;
    }

    private JsonNode json() throws Exception {
        return Json.mapper().readTree(out.toString());
    }

    @Test
    public void newCommandsHaveCompleteHelp() {
        for (String command : new String[] {"failover", "watch", "drill"}) {
            StringWriter help = new StringWriter();
            CommandLine cli = DrCommand.newCommandLine();
            cli.setOut(new PrintWriter(help, true));
            assertThat(cli.execute(command, "--help")).as(command).isZero();
            assertThat(help.toString()).as(command).contains("Usage: dr " + command, "Exit codes");
            cli.getSubcommands().get(command).getCommandSpec().options().forEach(option ->
                    assertThat(option.description()).as(command + " " + option.longestName()).isNotEmpty());
        }
    }

    @Test
    public void failoverDryRunPrintsThePlanAsJsonAndChangesNothing() throws Exception {
        assertThat(run("failover", "--config", config().toString(), "--to", "eu-west-1", "--dry-run", "--json"))
                .as(err.toString()).isZero();

        JsonNode json = json();
        assertThat(json.fieldNames()).toIterable().contains("from", "to", "steps", "rtoSeconds", "rpoSeconds", "compliant",
                "forced", "refused", "gates", "plan");
        assertThat(json.get("from").asText()).isEqualTo("us-east-1");
        assertThat(json.get("refused").asBoolean()).isFalse();
        assertThat(json.get("rtoSeconds").isNull()).isTrue();
        assertThat(json.get("steps").get(0).get("status").asText()).isEqualTo("planned");
        assertThat(json.get("plan").asText()).contains("dry run: nothing changed");
        assertThat(b.inRecovery()).isTrue();
        assertThat(a.inRecovery()).isFalse();
    }

    @Test
    public void failoverPromotesTheStandbyAndPrintsTheDocumentedJson() throws Exception {
        assertThat(run("failover", "--config", config().toString(), "--to", "eu-west-1", "--json"))
                .as(err.toString()).isZero();

        JsonNode json = json();
        assertThat(json.get("from").asText()).isEqualTo("us-east-1");
        assertThat(json.get("to").asText()).isEqualTo("eu-west-1");
        assertThat(json.get("steps")).extracting(s -> s.get("step").asText())
                .containsExactly("fence", "catch-up", "stop-old-primary", "promote", "switch-dns", "post-checks");
        assertThat(json.get("rtoSeconds").asDouble()).isPositive();
        assertThat(json.get("rpoSeconds").asDouble()).isZero();
        assertThat(json.get("compliant").asBoolean()).isTrue();
        assertThat(json.get("forced").asBoolean()).isFalse();
        assertThat(b.inRecovery()).isFalse();
        assertThat(a.isRunning()).isFalse();
    }

    @Test
    public void failoverToAStoppedStandbyIsRefusedWithExitOne() throws Exception {
        b.stop();

        assertThat(run("failover", "--config", config().toString(), "--to", "eu-west-1", "--json")).isEqualTo(1);

        JsonNode json = json();
        assertThat(json.get("refused").asBoolean()).isTrue();
        assertThat(json.get("gates")).anySatisfy(g -> assertThat(g.get("passed").asBoolean()).isFalse());
        assertThat(json.get("steps")).isEmpty();
        assertThat(a.inRecovery()).isFalse();
    }

    @Test
    public void failoverToAnUnknownRegionIsBadInput() throws Exception {
        assertThat(run("failover", "--config", config().toString(), "--to", "mars-1")).isEqualTo(2);

        assertThat(err.toString()).contains("--to mars-1: no such region; configured: us-east-1, eu-west-1");
    }

    @Test
    public void failoverToTheRegionAlreadyPrimaryIsBadInputAsDocumented() throws Exception {
        assertThat(run("failover", "--config", config().toString(), "--to", "us-east-1")).isEqualTo(2);

        assertThat(err.toString()).contains("--to us-east-1 is already the primary", "dr failover --to us-east-1 --resume");
        assertThat(a.inRecovery()).isFalse();
        assertThat(b.inRecovery()).isTrue();
    }

    @Test
    public void watchExitsZeroWhenThePrimaryStaysHealthy() throws Exception {
        assertThat(run("watch", "--config", config().toString(), "--interval", "100ms", "--threshold", "1s",
                "--max-wait", "1s", "--json")).as(err.toString()).isZero();

        JsonNode json = json();
        assertThat(json.get("primary").asText()).isEqualTo("us-east-1");
        assertThat(json.get("outageDetected").asBoolean()).isFalse();
        assertThat(json.get("failover").isNull()).isTrue();
    }

    @Test
    public void watchRefusesAZeroInterval() throws Exception {
        assertThat(run("watch", "--config", config().toString(), "--interval", "0s")).isEqualTo(2);

        assertThat(err.toString()).contains("--interval 0s: must be positive");
    }

    @Test
    public void drillWritesItsThreeReportsAndRestoresTheTopologyWhenSwitchingBack() throws Exception {
        Path junit = temp.getRoot().toPath().resolve("reports/dr-drill.xml");
        Path markdown = temp.getRoot().toPath().resolve("reports/dr-drill.md");

        int code = run("drill", "--config", config().toString(), "--scenario", "database-failover", "--interval", "100ms",
                "--threshold", "1s", "--switch-back", "--json", "--junit", junit.toString(), "--markdown",
                markdown.toString());

        assertThat(code).as(err.toString() + out).isZero();
        JsonNode json = json();
        assertThat(json.get("scenario").asText()).isEqualTo("database-failover");
        assertThat(json.get("passed").asBoolean()).isTrue();
        assertThat(json.get("compliant").asBoolean()).isTrue();
        assertThat(json.get("rtoSeconds").asDouble()).isGreaterThanOrEqualTo(1.0);
        assertThat(json.get("rpoSeconds").isNumber()).isTrue();
        assertThat(json.get("reports").get("junit").asText()).isEqualTo(junit.toAbsolutePath().toString());
        assertThat(Files.readString(junit)).contains("<testsuite name=\"dr-drill.database-failover\"", "failures=\"0\"");
        assertThat(Files.readString(markdown)).startsWith("# DR drill database-failover: PASSED");
        assertThat(a.inRecovery()).isFalse();
        assertThat(b.inRecovery()).isTrue();
    }

    @Test
    public void drillWithAnUnknownScenarioIsBadInput() throws Exception {
        assertThat(run("drill", "--config", config().toString(), "--scenario", "fire-drill")).isEqualTo(2);

        assertThat(err.toString()).contains("--scenario fire-drill: no such drill; use one of backup-restore, "
                + "database-failover, region-failover, communication, end-to-end");
    }
}
