package io.jenkins.plugins.dr.library;

import io.jenkins.plugins.dr.testing.Resources;
import io.jenkins.plugins.dr.testing.Pipelines;
import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Label;
import hudson.model.Result;
import io.jenkins.plugins.dr.evidence.DrEvidenceAction;
import io.jenkins.plugins.dr.testing.CheckoutLibrary;
import io.jenkins.plugins.dr.testing.JenkinsPlan;
import io.jenkins.plugins.dr.testing.LocalStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drjenkins.engine.postgres.LocalCluster;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * The shared library's {@code drNightlyBackup} loaded from this checkout's {@code vars/} into a real Jenkins, run on
 * a real agent against a real PostgreSQL and the local store: all three components of the plan (a database, a
 * configuration tree, and secrets dumped by a command and encrypted), each backed up and proven as the step's help
 * page says.
 */
public class NightlyBackupLibraryTest {
    @ClassRule
    public static JenkinsRule j = Harness.jenkins();
    @ClassRule
    public static TemporaryFolder temp = new TemporaryFolder();

    /** What the secrets command prints: fake, but it must reach the store only encrypted and never the log. */
    private static final String FAKE_TOKEN = "fake-api-token-5f1c9e";
    private static final Pattern VERIFIED = Pattern.compile("drNightlyBackup: (\\S+) backup (\\S+) verified \\((\\w+)\\)");

    private static LocalStore store;
    private static LocalCluster cluster;
    private static JenkinsPlan plan;

    @BeforeClass
    public static void startPlanAgentAndLibrary() throws Exception {
        store = LocalStore.start("use1", "euw1");
        cluster = LocalCluster.ephemeral("library-nightly");
        cluster.execute("postgres", "create database shop");
        cluster.execute("shop", "create table customers (id int primary key, name text);"
                + "insert into customers select g, 'customer ' || g from generate_series(1, 200) g");
        Path tree = temp.newFolder("etc").toPath();
        Files.writeString(tree.resolve("app.conf"), "listen 8080\n", StandardCharsets.UTF_8);

        plan = new JenkinsPlan(store);
        plan.region("us-east-1", "primary", "use1");
        plan.region("eu-west-1", "secondary", "euw1");
        plan.component("database", "postgres").setUrl(cluster.url("shop").toString());
        plan.component("configuration", "directory").setPath(tree.toString());
        var secrets = plan.component("secrets", "command");
        // The command prints the secrets from a file, so that only its output, never the plan, holds the token.
        Path dump = temp.newFile("secrets.json").toPath();
        Files.writeString(dump, "{\"payments\": {\"apiToken\": \"" + FAKE_TOKEN + "\"}, \"smtp\": {\"password\": \"x\"}}\n",
                StandardCharsets.UTF_8);
        secrets.setCommand("cat " + dump);
        secrets.setEncrypt(true);
        plan.component("tight", "directory").setPath(tree.toString());
        plan.component("broken", "directory").setPath(tree.resolve("no-such-directory").toString());
        plan.target("database", "15m", "5m");
        // The engine's default for "configuration" is RPO 0s, which no backup can meet: set what a user would.
        plan.target("configuration", "5m", "10m");
        plan.target("tight", "5m", "0s");
        plan.apply();
        CheckoutLibrary.install();
        j.createOnlineSlave(Label.get("agent"));
    }

    @AfterClass
    public static void stopPlan() throws Exception {
        Resources.closeAll(cluster, store);
    }

    @Test
    public void backsUpAndVerifiesAllThreeComponentsOfThePlanWithTheirEvidence() throws Exception {
        WorkflowRun run = run("@Library('disaster-recovery') _\n"
                + "node('agent') {\n"
                + "  for (String c in ['database', 'configuration', 'secrets']) {\n"
                + "    def r = drNightlyBackup(component: c)\n"
                + "    echo \"nightly ${c}: verified=${r.verification.verified} regions=${r.backup.regions}\"\n"
                + "  }\n"
                + "}", Result.SUCCESS);

        String log = j.getLog(run);
        Matcher verified = VERIFIED.matcher(log);
        List<String> components = new java.util.ArrayList<>();
        while (verified.find()) {
            components.add(verified.group(1));
            assertThat(verified.group(3)).isEqualTo("restore");
            for (String bucket : List.of("use1", "euw1")) {
                assertThat(store.directory().resolve(bucket).resolve(verified.group(1)).resolve(verified.group(2))
                        .resolve("manifest.json")).as(bucket + " holds " + verified.group(0)).isRegularFile();
            }
        }
        assertThat(components).containsExactly("database", "configuration", "secrets");
        assertThat(log).contains("nightly secrets: verified=true regions=[us-east-1, eu-west-1]");

        List<DrEvidenceAction> evidence = run.getActions(DrEvidenceAction.class);
        assertThat(evidence).extracting(e -> e.getComponent() + "/" + e.getKind() + "/" + e.isPassed())
                .containsExactlyInAnyOrder("database/backup/true", "database/verify/true",
                        "configuration/backup/true", "configuration/verify/true",
                        "secrets/backup/true", "secrets/verify/true");
        assertThat(evidence).filteredOn(e -> e.getKind().equals("verify"))
                .allSatisfy(e -> assertThat(e.getRtoSeconds()).isNotNull().isPositive());
        assertNoSecretIn(log);
        assertNoSecretIn(Files.readString(run.getRootDir().toPath().resolve("build.xml")));
    }

    @Test
    public void theEncryptedSecretsReachTheStoreOnlyAsCiphertext() throws Exception {
        run("@Library('disaster-recovery') _\n"
                + "node('agent') { drNightlyBackup(component: 'secrets', verify: 'integrity') }", Result.SUCCESS);

        try (var files = Files.walk(store.directory().resolve("use1/secrets"))) {
            List<Path> artifacts = files.filter(Files::isRegularFile).toList();
            assertThat(artifacts).isNotEmpty();
            for (Path artifact : artifacts) {
                assertThat(new String(Files.readAllBytes(artifact), StandardCharsets.ISO_8859_1))
                        .as(artifact.toString()).doesNotContain(FAKE_TOKEN);
            }
        }
    }

    @Test
    public void aVerifiedBackupThatMissesItsTargetLeavesTheBuildUnstable() throws Exception {
        WorkflowRun run = run("@Library('disaster-recovery') _\n"
                + "node('agent') {\n"
                + "  def r = drNightlyBackup(component: 'tight')\n"
                + "  echo \"compliant=${r.verification.compliant}\"\n"
                + "}", Result.UNSTABLE);

        assertThat(j.getLog(run)).contains("drNightlyBackup: tight backup ").contains("restores, but misses a target")
                .contains("compliant=false");
    }

    @Test
    public void aFailedBackupCallsTheNotifyClosureWithWhereItFailedAndFailsTheBuild() throws Exception {
        WorkflowRun run = run("@Library('disaster-recovery') _\n"
                + "node('agent') {\n"
                + "  drNightlyBackup(component: 'broken',\n"
                + "      notify: { f -> echo \"NOTICE ${f.component} failedAt=${f.failedAt} backupId=${f.backupId}\" })\n"
                + "}", Result.FAILURE);

        String log = j.getLog(run);
        assertThat(log).contains("NOTICE broken failedAt=backup backupId=null");
        assertThat(run.getActions(DrEvidenceAction.class)).noneMatch(e -> e.getKind().equals("verify"));
        assertThat(store.directory().resolve("use1/broken")).doesNotExist();
    }

    private static WorkflowRun run(String script, Result expected) throws Exception {
        return Pipelines.run(j, script, expected);
    }

    private static void assertNoSecretIn(String text) {
        assertThat(text).doesNotContain(FAKE_TOKEN);
        for (String secret : plan.secrets()) {
            assertThat(text).doesNotContain(secret);
        }
    }
}
