package io.jenkins.plugins.dr.steps;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Label;
import hudson.model.Result;
import io.jenkins.plugins.dr.config.DisasterRecoveryConfiguration;
import io.jenkins.plugins.dr.evidence.DrEvidenceAction;
import io.jenkins.plugins.dr.evidence.Evidence;
import io.jenkins.plugins.dr.evidence.EvidenceKind;
import io.jenkins.plugins.dr.testing.JenkinsPlan;
import io.jenkins.plugins.dr.testing.LocalStore;
import io.jenkins.plugins.dr.testing.Resources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.drjenkins.engine.compliance.Verdict;
import org.drjenkins.engine.config.Component;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.storage.S3ObjectStore;
import org.drjenkins.engine.storage.StoreConnector;
import org.drjenkins.engine.wal.WalPusher;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * {@code drWalReplicate} in a real Jenkins on a real agent, against the project's S3 server with two regions: WAL files
 * pushed to the primary's archive (as {@code dr wal-push} does) are copied to the secondary, its lag is recorded as
 * evidence per region, and a second pass copies nothing. No PostgreSQL: copying an archive never connects to one.
 */
public class WalReplicateOnAgentTest {
    @ClassRule
    public static JenkinsRule j = new JenkinsRule();

    static {
        j.timeout = 600;
    }
    @ClassRule
    public static TemporaryFolder temp = new TemporaryFolder();

    private static LocalStore store;

    @BeforeClass
    public static void threeWalFilesInThePrimarysArchive() throws Exception {
        store = LocalStore.start("use1", "euw1");
        JenkinsPlan plan = new JenkinsPlan(store);
        plan.region("us-east-1", "primary", "use1");
        plan.region("eu-west-1", "secondary", "euw1");
        plan.component("db", "postgres-cluster").setUrl("postgresql://app@127.0.0.1:5432/shop");
        plan.component("files", "directory").setPath(temp.newFolder("files").getAbsolutePath());
        plan.target("db", "15m", "5m");
        plan.apply();
        j.createOnlineSlave(Label.get("agent"));

        DrConfig config = ConfigLoader.parse(DisasterRecoveryConfiguration.get().toYaml(), "the test's plan");
        Component db = config.component("db").orElseThrow();
        try (S3ObjectStore primary = StoreConnector.connect(config.primary(), store.credentials())) {
            WalPusher pusher = new WalPusher(primary, "db", db.compression(), 3, List.of());
            for (int i = 1; i <= 3; i++) {
                Path wal = temp.getRoot().toPath().resolve(String.format("0000000100000000000000%02X", i));
                Files.writeString(wal, "segment " + i, StandardCharsets.UTF_8);
                pusher.push(wal);
            }
        }
    }

    @AfterClass
    public static void stopStore() throws Exception {
        Resources.closeAll(store);
    }

    private static WorkflowRun run(String name, String script, Result expected) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return j.assertBuildStatus(expected, job.scheduleBuild2(0));
    }

    @Test
    public void copiesWhatTheSecondaryLacksRecordsItsLagAndASecondPassCopiesNothing() throws Exception {
        String script = "node('agent') {\n"
                + "  def first = drWalReplicate component: 'db'\n"
                + "  def second = drWalReplicate component: 'db'\n"
                + "  echo \"first=${first.regions['eu-west-1'].copied} second=${second.regions['eu-west-1'].copied}"
                + " missing=${second.regions['eu-west-1'].missing} lag=${second.regions['eu-west-1'].lagSeconds}\"\n"
                + "}";

        WorkflowRun build = run("wal-replicate", script, Result.SUCCESS);

        j.assertLogContains("first=3 second=0 missing=0 lag=0.0", build);
        j.assertLogContains("[drWalReplicate] eu-west-1: 3 copied, in sync", build);
        List<Evidence> evidence = build.getActions(DrEvidenceAction.class).stream().map(DrEvidenceAction::evidence).toList();
        assertThat(evidence).isNotEmpty().allSatisfy(e -> {
            assertThat(e.component()).isEqualTo("db@eu-west-1");
            assertThat(e.kind()).isEqualTo(EvidenceKind.REPLICATION);
            assertThat(e.rpoSeconds()).isEqualTo(0.0);
            assertThat(e.rpoTargetSeconds()).isEqualTo(300.0);
            assertThat(e.verdict()).isEqualTo(Verdict.COMPLIANT);
        });
    }

    @Test
    public void aComponentWithoutAWalArchiveIsRefusedNamingTheType() throws Exception {
        WorkflowRun build = run("wal-replicate-files", "node('agent') { drWalReplicate component: 'files' }", Result.FAILURE);

        j.assertLogContains("it is a directory component; only postgres-cluster components have a WAL archive", build);
    }
}
