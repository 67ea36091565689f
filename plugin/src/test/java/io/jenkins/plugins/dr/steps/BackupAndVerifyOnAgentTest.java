package io.jenkins.plugins.dr.steps;

import io.jenkins.plugins.dr.testing.Resources;
import io.jenkins.plugins.dr.testing.Pipelines;
import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Label;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import io.jenkins.plugins.dr.evidence.DrEvidenceAction;
import io.jenkins.plugins.dr.testing.JenkinsPlan;
import io.jenkins.plugins.dr.testing.LocalStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.drjenkins.engine.postgres.LocalCluster;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * drBackup and drVerifyRestore as a user runs them: a Pipeline job in a real Jenkins, inside {@code node('agent')} on
 * a real agent (its own JVM over remoting), against a real PostgreSQL 15 cluster and the project's local S3 store,
 * with secrets from the Credentials plugin. One Jenkins, one cluster and one store for the class.
 */
public class BackupAndVerifyOnAgentTest {
    @ClassRule
    public static JenkinsRule j = new JenkinsRule();

    static {
        // A class rule's timeout covers every test of the class; 180 s ran out on a two-core machine shared by builds.
        j.timeout = 420;
    }
    @ClassRule
    public static TemporaryFolder temp = new TemporaryFolder();

    private static LocalStore store;
    private static LocalCluster cluster;
    private static JenkinsPlan plan;
    private static DumbSlave agent;

    @BeforeClass
    public static void startPlanAndAgent() throws Exception {
        store = LocalStore.start("use1", "euw1");
        cluster = LocalCluster.ephemeral("plugin-test");
        cluster.execute("postgres", "create database shop");
        cluster.execute("shop", "create table customers (id int primary key, name text);"
                + "insert into customers select g, 'customer ' || g from generate_series(1, 500) g");
        Path tree = temp.newFolder("etc").toPath();
        Files.writeString(tree.resolve("app.conf"), "listen 8080\n", StandardCharsets.UTF_8);
        Files.createDirectories(tree.resolve("conf.d"));
        Files.writeString(tree.resolve("conf.d/extra.conf"), "x=1\n", StandardCharsets.UTF_8);

        plan = new JenkinsPlan(store);
        plan.region("us-east-1", "primary", "use1");
        plan.region("eu-west-1", "secondary", "euw1");
        plan.component("database", "postgres").setUrl(cluster.url("shop").toString());
        plan.component("configuration", "directory").setPath(tree.toString());
        plan.component("tight", "directory").setPath(tree.toString());
        plan.target("database", "15m", "5m");
        plan.target("configuration", "5m", "10m");
        plan.target("tight", "5m", "0s");
        plan.apply();
        agent = j.createOnlineSlave(Label.get("agent"));
    }

    @AfterClass
    public static void stopPlan() throws Exception {
        Resources.closeAll(cluster, store);
    }

    @Test
    public void drBackupOfAPostgresDatabaseRunsOnTheAgentAndRecordsItsEvidence() throws Exception {
        WorkflowRun run = run("node('agent') {\n"
                + "  def b = drBackup component: 'database'\n"
                + "  echo \"result: ${b.component} ${b.backupId} regions=${b.regions} raw=${b.rawBytes > 0}\"\n"
                + "}", Result.SUCCESS);

        String log = j.getLog(run);
        assertThat(log).contains("result: database ").contains("regions=[us-east-1, eu-west-1] raw=true")
                .contains("Running on " + agent.getNodeName());
        DrEvidenceAction evidence = run.getAction(DrEvidenceAction.class);
        assertThat(evidence).isNotNull();
        assertThat(evidence.getComponent()).isEqualTo("database");
        JenkinsRule.JSONWebResponse api = j.getJSON(run.getUrl() + "api/json?depth=1");
        assertThat(api.getContentAsString()).contains("\"component\":\"database\"");
        assertNoSecretIn(log);
        assertNoSecretIn(Files.readString(run.getRootDir().toPath().resolve("build.xml")));
    }

    @Test
    public void drVerifyRestoreProvesTheBackupOnTheAgentWithMeasuredRtoAndRpo() throws Exception {
        WorkflowRun run = run("node('agent') {\n"
                + "  def b = drBackup component: 'configuration'\n"
                + "  def v = drVerifyRestore component: 'configuration', backup: b.backupId\n"
                + "  echo \"verified=${v.verified} compliant=${v.compliant} rto=${v.rtoSeconds > 0} rpo=${v.rpoSeconds >= 0}\"\n"
                + "}", Result.SUCCESS);

        assertThat(j.getLog(run)).contains("verified=true compliant=true rto=true rpo=true");
        List<DrEvidenceAction> evidence = run.getActions(DrEvidenceAction.class);
        assertThat(evidence).hasSize(2);
        assertNoSecretIn(j.getLog(run));
    }

    @Test
    public void aMissedTargetWithUnstableOnViolationMarksTheBuildUnstable() throws Exception {
        WorkflowRun run = run("node('agent') {\n"
                + "  def b = drBackup component: 'tight', skipCopies: true\n"
                + "  sleep 1\n"
                + "  drVerifyRestore component: 'tight', backup: b.backupId, unstableOnViolation: true\n"
                + "}", Result.UNSTABLE);

        assertThat(j.getLog(run)).contains("missed its target").contains("UNSTABLE");
    }

    @Test
    public void aBadArgumentFailsTheBuildNamingTheParameterAndStoresNothing() throws Exception {
        long before = objectsInStore();
        WorkflowRun run = run("node('agent') { drBackup component: 'nosuch' }", Result.FAILURE);

        assertThat(j.getLog(run)).contains("nosuch");
        assertThat(objectsInStore()).isEqualTo(before);
    }

    private static WorkflowRun run(String script, Result expected) throws Exception {
        return Pipelines.run(j, script, expected);
    }

    private static long objectsInStore() throws Exception {
        try (var files = Files.walk(store.directory())) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static void assertNoSecretIn(String text) {
        for (String secret : plan.secrets()) {
            assertThat(text).doesNotContain(secret);
        }
    }
}
