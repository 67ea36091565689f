package io.jenkins.plugins.dr.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dr.config.ComponentEntry;
import io.jenkins.plugins.dr.config.DrYaml;
import io.jenkins.plugins.dr.config.PlanForm;
import io.jenkins.plugins.dr.config.RegionEntry;
import io.jenkins.plugins.dr.config.TargetEntry;
import io.jenkins.plugins.dr.evidence.Evidence;
import io.jenkins.plugins.dr.evidence.EvidenceKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.drjenkins.engine.codec.AgeKeys;
import org.drjenkins.engine.compliance.Verdict;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.Region;
import io.jenkins.plugins.dr.testing.LocalStore;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreConnector;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The steps' agent-side work, run as an agent runs it: the global configuration rendered to dr.yaml, secrets as
 * resolved from credentials, the engine against a real S3 server (S3Proxy, 127.0.0.1, free port).
 */
public class AgentTasksS3Test {
    private static final AgeKeys.KeyPair KEY = AgeKeys.generate();
    private static final String DATABASE_PASSWORD = "pg-Pa55word-never-logged";
    private static LocalStore server;
    private static int plans;

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    @BeforeClass
    public static void startS3() {
        server = LocalStore.start();
    }

    @AfterClass
    public static void stopS3() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    public void aBackupOfTheConfiguredPlanReturnsTheContractMapAndItsEvidence() throws Exception {
        Path workspace = temp.newFolder("workspace").toPath();
        RunConfiguration plan = plan("15m", "5m");

        AgentResult result = new BackupTask(plan, secrets(true), "etc", false, false).run(workspace, log);

        assertThat(result.value()).containsOnlyKeys("backupId", "component", "location", "regions", "storedBytes",
                "rawBytes", "durationSeconds", "consistentAt");
        assertThat(result.value()).containsEntry("component", "etc");
        assertThat(result.value().get("regions")).isEqualTo(List.of("us-east-1", "eu-west-1"));
        assertThat((Long) result.value().get("rawBytes")).isGreaterThan(0L);
        assertThat(result.failure()).isNull();
        Evidence evidence = result.evidence().get(0);
        assertThat(evidence.kind()).isEqualTo(EvidenceKind.BACKUP);
        assertThat(evidence.backupId()).isEqualTo(result.value().get("backupId"));
        assertThat(evidence.rtoSeconds()).as("a backup restores nothing").isNull();
        assertThat(evidence.rpoSeconds()).isBetween(0.0, 60.0);
        assertThat(evidence.verdict()).isEqualTo(Verdict.COMPLIANT);
        assertThat(logText()).contains("[drBackup] back up etc (directory)").contains("copy ");
        assertNoSecretIn(logText());
    }

    @Test
    public void theBackupJustTakenVerifiesWithinItsTargets() throws Exception {
        Path workspace = temp.newFolder("workspace").toPath();
        RunConfiguration plan = plan("15m", "5m");
        String backupId = (String) new BackupTask(plan, secrets(true), "etc", false, false)
                .run(workspace, log).value().get("backupId");

        AgentResult result = new VerifyRestoreTask(plan, secrets(true), "etc", backupId, null, false, false, null)
                .run(workspace, log);

        assertThat(result.value()).containsOnlyKeys("backupId", "component", "verified", "inconclusive", "failures", "rtoSeconds",
                "rtoTargetSeconds", "rpoSeconds", "rpoTargetSeconds", "compliant");
        assertThat(result.value()).containsEntry("inconclusive", false);
        assertThat(result.value()).containsEntry("backupId", backupId).containsEntry("verified", true)
                .containsEntry("compliant", true).containsEntry("rtoTargetSeconds", 900.0)
                .containsEntry("rpoTargetSeconds", 300.0).containsEntry("failures", List.of());
        assertThat(result.failure()).isNull();
        assertThat(result.evidence().get(0).kind()).isEqualTo(EvidenceKind.VERIFY);
        assertThat(result.evidence().get(0).rtoSeconds()).isNotNull().isPositive();
        assertThat(result.evidence().get(0).verdict()).isEqualTo(Verdict.COMPLIANT);
        assertThat(result.evidence().get(0).targetMissed()).isFalse();
        assertThat(logText()).contains("[drVerifyRestore] VERIFIED etc/" + backupId + " (restore)");
        assertNoSecretIn(logText());
    }

    @Test
    public void aVerifiedBackupPastItsRpoTargetReportsTheMissedTargetWithoutFailing() throws Exception {
        Path workspace = temp.newFolder("workspace").toPath();
        RunConfiguration plan = plan("15m", "0s");
        new BackupTask(plan, secrets(true), "etc", true, true).run(workspace, log);

        AgentResult result = new VerifyRestoreTask(plan, secrets(true), "etc", null, null, false, false, null)
                .run(workspace, log);

        assertThat(result.value()).containsEntry("verified", true).containsEntry("compliant", false);
        assertThat(result.failure()).isNull();
        assertThat(result.evidence().get(0).targetMissed()).isTrue();
        assertThat(result.evidence().get(0).verdict()).isEqualTo(Verdict.VIOLATED);
    }

    @Test
    public void anIntegrityCheckMeasuresNoRestoreTime() throws Exception {
        Path workspace = temp.newFolder("workspace").toPath();
        RunConfiguration plan = plan("15m", "5m");
        new BackupTask(plan, secrets(true), "etc", true, true).run(workspace, log);

        AgentResult result = new VerifyRestoreTask(plan, secrets(true), "etc", "latest", null, false, true, null)
                .run(workspace, log);

        assertThat(result.value()).containsEntry("verified", true).containsEntry("compliant", false);
        assertThat(result.evidence().get(0).rtoSeconds()).isNull();
        assertThat(result.evidence().get(0).tooltip()).contains("RTO n/a / 15m");
        assertThat(result.evidence().get(0).verdict()).isEqualTo(Verdict.COMPLIANT);
    }

    @Test
    public void verifyingAnEncryptedBackupWithoutAnIdentityNamesTheJenkinsSettingThatFixesIt() throws Exception {
        Path workspace = temp.newFolder("workspace").toPath();
        RunConfiguration plan = plan("15m", "5m");
        new BackupTask(plan, secrets(true), "etc", true, true).run(workspace, log);

        assertThatThrownBy(() -> new VerifyRestoreTask(plan, secrets(false), "etc", null, null, false, false, null)
                .run(workspace, log))
                .isInstanceOf(StepFailure.class)
                .hasMessageStartingWith("drVerifyRestore: backup ")
                .hasMessageContaining("is age-encrypted")
                .hasMessageContaining("ageIdentityCredentialsId");
    }

    @Test
    public void anUnknownComponentFailsWithOneLineInTheStepsWords() throws Exception {
        Path workspace = temp.newFolder("workspace").toPath();

        assertThatThrownBy(() -> new BackupTask(plan("15m", "5m"), secrets(true), "nope", false, false)
                .run(workspace, log))
                .isInstanceOf(StepFailure.class)
                .hasMessage("drBackup: component: 'nope': no such component; configured: etc");
    }

    @Test
    public void aConfigFileInTheWorkspaceReplacesTheGlobalPlan() throws Exception {
        Path workspace = temp.newFolder("workspace").toPath();
        PlanForm global = planForm("15m", "5m");
        ComponentEntry notes = new ComponentEntry("notes", "directory");
        notes.setPath(temp.newFolder("notes").toString());
        PlanForm withNotes = new PlanForm(global.regions(), null, null, null, List.of(), List.of(notes), List.of());
        Files.createDirectories(workspace.resolve("ci"));
        Files.writeString(workspace.resolve("ci/dr.yaml"), DrYaml.render(withNotes), StandardCharsets.UTF_8);
        RunConfiguration fromFile = new RunConfiguration(DrYaml.render(global), RunConfiguration.GLOBAL, "ci/dr.yaml");

        AgentResult result = new BackupTask(fromFile, secrets(true), "notes", true, true).run(workspace, log);

        assertThat(result.value()).containsEntry("component", "notes");
        assertThatThrownBy(() -> new BackupTask(fromFile, secrets(true), "etc", true, true).run(workspace, log))
                .hasMessage("drBackup: component: 'etc': no such component; configured: notes");
    }

    @Test
    public void anInvalidPlanFailsListingEveryProblemOnOneLine() throws Exception {
        Path workspace = temp.newFolder("workspace").toPath();
        RunConfiguration broken = new RunConfiguration(
                "regions: []\nthresholds: { backupRetention: 1h }\n", RunConfiguration.GLOBAL, null);

        assertThatThrownBy(() -> new BackupTask(broken, secrets(true), "etc", false, false).run(workspace, log))
                .isInstanceOf(StepFailure.class)
                .hasMessageStartingWith("drBackup: " + RunConfiguration.GLOBAL + " has 2 problems: regions: is empty")
                .hasMessageNotContaining("\n");
    }

    @Test
    public void aMissingConfigFileSaysWhereItWasLookedFor() throws Exception {
        Path workspace = temp.newFolder("workspace").toPath();
        RunConfiguration missing = new RunConfiguration("{}", RunConfiguration.GLOBAL, "ci/dr.yaml");

        assertThatThrownBy(() -> new BackupTask(missing, secrets(true), "etc", false, false).run(workspace, log))
                .hasMessage("drBackup: configFile ci/dr.yaml: no such file in the workspace " + workspace
                        + "; check it out first or fix the path");
    }

    @Test
    public void aDryRunFailoverReturnsThePlanAndWhetherTheGatesRefuseItWithoutChangingOrRecordingAnything()
            throws Exception {
        Path workspace = temp.newFolder("workspace").toPath();

        AgentResult result = new FailoverTask(unreachableDatabases(), secrets(false), "eu-west-1", true, false)
                .run(workspace, log);

        assertThat(result.value()).containsKeys("from", "to", "steps", "plan", "refused", "rtoSeconds", "rpoSeconds",
                "compliant", "forced");
        assertThat(result.value()).containsEntry("from", "us-east-1").containsEntry("to", "eu-west-1")
                .containsEntry("refused", true).containsEntry("dryRun", true).containsEntry("compliant", false);
        assertThat((String) result.value().get("plan")).startsWith("Failover plan from us-east-1 to eu-west-1 (dry run")
                .contains("REFUSED");
        assertThat((List<?>) result.value().get("steps")).isNotEmpty().allMatch(step -> step instanceof String);
        assertThat(result.evidence()).as("a dry run measures nothing").isEmpty();
        assertThat(result.failure()).as("a dry run never fails the step").isNull();
        assertThat(logText()).contains("[drFailover] Failover plan from us-east-1 to eu-west-1");
    }

    @Test
    public void aFailoverTheGatesRefuseFailsTheStepSayingNothingChanged() throws Exception {
        Path workspace = temp.newFolder("workspace").toPath();

        AgentResult result = new FailoverTask(unreachableDatabases(), secrets(false), "eu-west-1", false, false)
                .run(workspace, log);

        assertThat(result.value()).containsEntry("refused", true).containsEntry("completed", false);
        assertThat(result.failure()).startsWith("drFailover: the gates refused the failover from us-east-1 to"
                + " eu-west-1; nothing was changed: [FAIL] ").endsWith("(fix that, or pass force: true)")
                .doesNotContain("\n");
        assertThat(result.evidence()).isEmpty();
    }

    @Test
    public void aCommunicationDrillPostsToTheWebhookFromItsCredentialAndWritesTheReports() throws Exception {
        Path workspace = temp.newFolder("workspace").toPath();
        List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer webhook = webhookServer(notices);
        String url = "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hooks/T0K3N-never-logged";
        try {
            AgentResult result = new DrillTask(withWebhook(planForm("15m", "5m")), secretsWith(Map.of("DR_WEBHOOK_1", url)),
                    "communication", "reports/dr-drill.xml", "dr-drill.md", "dr-drill.json").run(workspace, log);

            assertThat(result.failure()).isNull();
            assertThat(result.value()).containsEntry("scenario", "communication").containsEntry("passed", true)
                    .containsEntry("compliant", true).containsKeys("rtoSeconds", "rpoSeconds", "drillId");
            assertThat(result.value().get("reports")).isEqualTo(Map.of("junit", "reports/dr-drill.xml",
                    "markdown", "dr-drill.md", "json", "dr-drill.json"));
            // Every step of the protocol (initial alert, page, executive update, customer email, resolution), marked DRILL.
            assertThat(notices).hasSizeGreaterThanOrEqualTo(5).allMatch(body -> body.contains("DRILL: drill"));
            assertThat(Files.readString(workspace.resolve("reports/dr-drill.xml"))).contains("<testsuite");
            assertThat(Files.readString(workspace.resolve("dr-drill.md"))).contains("communication");
            assertThat(Files.readString(workspace.resolve("dr-drill.json"))).contains("\"passed\" : true");
            assertThat(result.evidence()).singleElement().satisfies(e -> {
                assertThat(e.kind()).isEqualTo(EvidenceKind.DRILL);
                assertThat(e.component()).isEqualTo("communication");
                assertThat(e.passed()).isTrue();
            });
            assertThat(logText()).doesNotContain("T0K3N-never-logged");
        } finally {
            webhook.stop(0);
        }
    }

    @Test
    public void aDrillThatFailsStillWritesItsReportsAndRecordsItsEvidenceThenFailsTheStep() throws Exception {
        Path workspace = temp.newFolder("workspace").toPath();

        AgentResult result = new DrillTask(withWebhook(planForm("15m", "5m")), secrets(true), "communication",
                "dr-drill.xml", null, null).run(workspace, log);

        assertThat(result.value()).containsEntry("passed", false);
        assertThat(result.failure()).startsWith("drDrill: communication drill ").contains(" FAILED: ")
                .doesNotContain("\n");
        assertThat(workspace.resolve("dr-drill.xml")).isRegularFile();
        assertThat(workspace.resolve("dr-drill.md")).doesNotExist();
        assertThat(result.evidence()).singleElement().satisfies(e -> assertThat(e.passed()).isFalse());
    }

    @Test
    public void aBackupRestoreDrillMeasuresEachComponentAsEvidence() throws Exception {
        Path workspace = temp.newFolder("workspace").toPath();

        AgentResult result = new DrillTask(plan("15m", "5m"), secrets(true), "backup-restore", "dr-drill.xml",
                "dr-drill.md", "dr-drill.json").run(workspace, log);

        assertThat(result.failure()).isNull();
        assertThat(result.value()).containsEntry("passed", true).containsEntry("components", List.of("etc"));
        assertThat(result.evidence()).singleElement().satisfies(e -> {
            assertThat(e.component()).isEqualTo("etc");
            assertThat(e.kind()).isEqualTo(EvidenceKind.DRILL);
            assertThat(e.rtoSeconds()).isNotNull().isPositive();
            assertThat(e.verdict()).isEqualTo(Verdict.COMPLIANT);
        });
        assertNoSecretIn(logText());
    }

    /** A primary and a standby whose databases do not answer (closed ports): every gate about them fails. */
    private RunConfiguration unreachableDatabases() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        RegionEntry primary = new RegionEntry("us-east-1", "primary", "use1-failover");
        primary.setDatabase("postgresql://dr@127.0.0.1:" + closed + "/app");
        RegionEntry standby = new RegionEntry("eu-west-1", "secondary", "euw1-failover");
        standby.setDatabase("postgresql://dr@127.0.0.1:" + closed + "/app");
        return new RunConfiguration(DrYaml.render(new PlanForm(List.of(primary, standby), null, null, null, List.of(),
                List.of(), List.of())), RunConfiguration.GLOBAL, null);
    }

    private static RunConfiguration withWebhook(PlanForm form) {
        return new RunConfiguration(DrYaml.render(new PlanForm(form.regions(), null, null, null, form.targets(),
                form.components(), form.ageRecipients(), "ci-failure-agent",
                List.of(new io.jenkins.plugins.dr.config.WebhookEntry("incidents", "slack", "dr-slack")))),
                RunConfiguration.GLOBAL, null);
    }

    private static AgentSecrets secretsWith(Map<String, String> environment) {
        return new AgentSecrets(server.accessKeyId(), server.secretAccessKey(), null, DATABASE_PASSWORD, KEY.identity(),
                environment);
    }

    /** A webhook endpoint on 127.0.0.1 that answers 200 and keeps what was posted. */
    private static com.sun.net.httpserver.HttpServer webhookServer(List<String> notices) throws Exception {
        com.sun.net.httpserver.HttpServer http = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/hooks/", exchange -> {
            notices.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        http.start();
        return http;
    }

    @Test
    public void aVerificationOnAFullScratchDiskFailsTheStepButRecordsNoEvidenceAgainstTheBackup() throws Exception {
        Path workspace = temp.newFolder("workspace").toPath();
        RunConfiguration plan = plan("15m", "5m");
        String backupId = (String) new BackupTask(plan, secrets(true), "etc", false, false).run(workspace, log).value().get("backupId");
        // A real, full filesystem: a 1 MiB tmpfs (root, as on every build machine here) filled up before the run.
        Path full = Files.createTempDirectory("dr-agent-full-");
        mountOrUnmount("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", full.toString());
        try {
            try (java.io.OutputStream filler = Files.newOutputStream(full.resolve("filler"))) {
                byte[] block = new byte[4096];
                while (true) {
                    filler.write(block);
                }
            } catch (java.io.IOException expected) {
                assertThat(expected.getMessage()).contains("No space left on device");
            }

            AgentResult result = new VerifyRestoreTask(plan, secrets(true), "etc", backupId, null, false, false, full.toString())
                    .run(workspace, log);

            assertThat(result.value()).containsEntry("verified", false).containsEntry("inconclusive", true);
            assertThat(result.evidence()).as("nothing recorded against the backup").isEmpty();
            assertThat(result.failure()).contains("could not finish because of the environment, not the backup")
                    .contains("No space left on device");
        } finally {
            mountOrUnmount("umount", full.toString());
            Files.deleteIfExists(full);
        }
    }

    private static void mountOrUnmount(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out + " (needs root)").isZero();
    }

    private RunConfiguration plan(String rto, String rpo) throws Exception {
        return new RunConfiguration(DrYaml.render(planForm(rto, rpo)), RunConfiguration.GLOBAL, null);
    }

    /** A fresh pair of buckets per plan, so tests never see each other's backups. */
    private PlanForm planForm(String rto, String rpo) throws Exception {
        int n = ++plans;
        RegionEntry primary = new RegionEntry("us-east-1", "primary", "use1-" + n);
        primary.setEndpoint(server.endpoint().toString());
        RegionEntry secondary = new RegionEntry("eu-west-1", "secondary", "euw1-" + n);
        secondary.setEndpoint(server.endpoint().toString());
        Path tree = temp.newFolder("etc-" + n).toPath();
        Files.writeString(tree.resolve("app.conf"), "listen 8080\n".repeat(100));
        Files.createDirectories(tree.resolve("conf.d"));
        Files.writeString(tree.resolve("conf.d/extra.conf"), "x=1\n");
        ComponentEntry etc = new ComponentEntry("etc", "directory");
        etc.setPath(tree.toString());
        etc.setEncrypt(true);
        TargetEntry targets = new TargetEntry("etc");
        targets.setRto(rto);
        targets.setRpo(rpo);
        PlanForm form = new PlanForm(List.of(primary, secondary), null, null, null, List.of(targets), List.of(etc),
                List.of(KEY.recipient()));
        for (Region region : ConfigLoader.parse(DrYaml.render(form), "test").regions()) {
            try (ObjectStore store = StoreConnector.connect(region, server.credentials())) {
                store.createBucketIfMissing();
            }
        }
        return form;
    }

    private static AgentSecrets secrets(boolean withIdentity) {
        return new AgentSecrets(server.accessKeyId(), server.secretAccessKey(), null, DATABASE_PASSWORD,
                withIdentity ? KEY.identity() : null);
    }

    private String logText() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    private static void assertNoSecretIn(String text) {
        assertThat(text).doesNotContain(server.secretAccessKey()).doesNotContain(KEY.identity())
                .doesNotContain(DATABASE_PASSWORD);
    }
}
