package io.jenkins.plugins.dr.steps;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Label;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import io.jenkins.plugins.dr.testing.JenkinsPlan;
import io.jenkins.plugins.dr.testing.LocalStore;
import io.jenkins.plugins.dr.testing.Pipelines;
import io.jenkins.plugins.dr.testing.Resources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * drRestore as a user runs it: a Pipeline job in a real Jenkins, inside {@code node('agent')} on a real agent (its
 * own JVM over remoting), backing up a directory component into the project's local S3 store and restoring it with
 * the engine's restore into a directory on the agent. One Jenkins, one store and one agent for the class.
 */
public class RestoreOnAgentTest {
    @ClassRule
    public static JenkinsRule j = new JenkinsRule();

    static {
        // A class rule's timeout covers every test of the class; the machine is shared by builds.
        j.timeout = 420;
    }
    @ClassRule
    public static TemporaryFolder temp = new TemporaryFolder();

    private static LocalStore store;
    private static JenkinsPlan plan;
    private static DumbSlave agent;

    @BeforeClass
    public static void startPlanAndAgent() throws Exception {
        store = LocalStore.start("use1", "euw1");
        Path tree = temp.newFolder("etc").toPath();
        Files.writeString(tree.resolve("app.conf"), "listen 8080\n", StandardCharsets.UTF_8);
        Files.createDirectories(tree.resolve("conf.d"));
        Files.writeString(tree.resolve("conf.d/extra.conf"), "x=1\n", StandardCharsets.UTF_8);

        plan = new JenkinsPlan(store);
        plan.region("us-east-1", "primary", "use1");
        plan.region("eu-west-1", "secondary", "euw1");
        plan.component("configuration", "directory").setPath(tree.toString());
        plan.target("configuration", "5m", "10m");
        plan.apply();
        agent = j.createOnlineSlave(Label.get("agent"));
    }

    @AfterClass
    public static void stopPlan() throws Exception {
        Resources.closeAll(store);
    }

    @Test
    public void drRestoreWithConfirmReplacesTheDirectoryOnTheAgentAndReturnsWhatChanged() throws Exception {
        Path to = driftedCopy("restore-confirmed");

        WorkflowRun run = run("node('agent') {\n"
                + "  def b = drBackup component: 'configuration', skipCopies: true\n"
                + "  def r = drRestore component: 'configuration', backup: b.backupId, to: '" + to + "', replace: true,"
                + " confirm: true\n"
                + "  echo \"restored=${r.backupId == b.backupId} written=${r.written} region=${r.region}"
                + " changed=${r.changes.changed} added=${r.changes.added} removed=${r.changes.removed}"
                + " timed=${r.seconds >= 0} point=${r.recoveryPoint}\"\n"
                + "}", Result.SUCCESS);

        String log = j.getLog(run);
        assertThat(log).contains("Running on " + agent.getNodeName())
                .contains("restored=true written=true region=us-east-1 changed=1 added=2 removed=1 timed=true point=20")
                .contains("[drRestore] RESTORED configuration/");
        assertThat(Files.readString(to.resolve("app.conf"), StandardCharsets.UTF_8)).isEqualTo("listen 8080\n");
        assertThat(Files.readString(to.resolve("conf.d/extra.conf"), StandardCharsets.UTF_8)).isEqualTo("x=1\n");
        assertThat(to.resolve("stray.txt")).doesNotExist();
        assertNoSecretIn(log);
    }

    @Test
    public void drRestoreWithoutConfirmFailsAtOnceNamingConfirmAndLeavesTheDirectoryUntouched() throws Exception {
        Path to = driftedCopy("restore-unconfirmed");

        WorkflowRun run = run("node('agent') {\n"
                + "  drBackup component: 'configuration', skipCopies: true\n"
                + "  drRestore component: 'configuration', to: '" + to + "', replace: true\n"
                + "}", Result.FAILURE);

        assertThat(j.getLog(run)).contains("drRestore: confirm: true is required").doesNotContain("RESTORED");
        assertDrifted(to);
    }

    @Test
    public void drRestoreWithDiffWritesNothingAndPrintsWhatWouldChange() throws Exception {
        Path to = driftedCopy("restore-diff");

        WorkflowRun run = run("node('agent') {\n"
                + "  drBackup component: 'configuration', skipCopies: true\n"
                + "  def d = drRestore component: 'configuration', to: '" + to + "', diff: true\n"
                + "  echo \"written=${d.written} changed=${d.changes.changed} paths=${d.changes.firstPaths.size() > 0}\"\n"
                + "}", Result.SUCCESS);

        assertThat(j.getLog(run)).contains("[drRestore] DIFF (nothing written) configuration/")
                .contains("written=false changed=1 paths=true");
        assertDrifted(to);
    }

    /** A directory that was the component once and has drifted: one file changed, one added, conf.d/ and its file gone. */
    private static Path driftedCopy(String name) throws Exception {
        Path to = temp.newFolder(name).toPath();
        Files.writeString(to.resolve("app.conf"), "listen 9090\n", StandardCharsets.UTF_8);
        Files.writeString(to.resolve("stray.txt"), "left behind\n", StandardCharsets.UTF_8);
        return to;
    }

    private static void assertDrifted(Path to) throws Exception {
        assertThat(Files.readString(to.resolve("app.conf"), StandardCharsets.UTF_8)).isEqualTo("listen 9090\n");
        assertThat(Files.readString(to.resolve("stray.txt"), StandardCharsets.UTF_8)).isEqualTo("left behind\n");
        assertThat(to.resolve("conf.d")).doesNotExist();
        try (var files = Files.list(to)) {
            assertThat(files.count()).isEqualTo(2);
        }
    }

    private static WorkflowRun run(String script, Result expected) throws Exception {
        return Pipelines.run(j, script, expected);
    }

    private static void assertNoSecretIn(String text) {
        for (String secret : plan.secrets()) {
            assertThat(text).doesNotContain(secret);
        }
    }
}
