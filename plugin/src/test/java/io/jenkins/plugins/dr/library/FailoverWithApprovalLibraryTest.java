package io.jenkins.plugins.dr.library;

import io.jenkins.plugins.dr.testing.Resources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.model.Label;
import hudson.model.Result;
import io.jenkins.plugins.dr.evidence.DrEvidenceAction;
import io.jenkins.plugins.dr.testing.StreamingPair;
import io.jenkins.plugins.dr.testing.CheckoutLibrary;
import io.jenkins.plugins.dr.testing.JenkinsPlan;
import io.jenkins.plugins.dr.testing.LocalStore;
import org.drjenkins.engine.postgres.LocalCluster;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStepExecution;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;

/**
 * The shared library's {@code drFailoverWithApproval} from this checkout in a real Jenkins, on a real agent, against
 * a PostgreSQL primary and its streaming standby: the dry run's plan waits in an {@code input} step for a member of
 * the submitter group; approved, the standby is promoted; rejected, nothing changes. After each test the pair is
 * primary and standby again.
 */
public class FailoverWithApprovalLibraryTest {
    @ClassRule
    public static JenkinsRule j = Harness.jenkins();

    private static LocalStore store;
    private static StreamingPair pair;
    private static LocalCluster primary;
    private static LocalCluster standby;

    @BeforeClass
    public static void startPairPlanAgentAndLibrary() throws Exception {
        store = LocalStore.start("use1", "euw1");
        pair = StreamingPair.start("library-failover");
        primary = pair.primary();
        standby = pair.standby();
        JenkinsPlan plan = new JenkinsPlan(store);
        pair.addRegions(plan, "");
        plan.apply();
        CheckoutLibrary.install();

        JenkinsRule.DummySecurityRealm realm = j.createDummySecurityRealm();
        realm.addGroups("alice", "dr-approvers");
        j.jenkins.setSecurityRealm(realm);
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(hudson.model.Item.READ, hudson.model.Item.BUILD, jenkins.model.Jenkins.READ).everywhere()
                .to("alice", "bob"));
        j.createOnlineSlave(Label.get("agent"));
    }

    @AfterClass
    public static void stopAll() throws Exception {
        Resources.closeAll(pair, store);
    }

    @After
    public void restorePair() throws Exception {
        InputSteps.abortRunningBuilds(j);
        pair.restore();
    }

    @Test
    public void anApprovedFailoverPromotesTheStandbyAfterTheSubmitterApprovesThePlan() throws Exception {
        WorkflowRun run = start("@Library('disaster-recovery') _\n"
                + "node('agent') {\n"
                + "  def f = drFailoverWithApproval(to: 'eu-west-1', submitter: 'dr-approvers')\n"
                + "  echo \"failed over ${f.from} -> ${f.to} compliant=${f.compliant}\"\n"
                + "}");
        InputStepExecution input = InputSteps.await(j, run);
        assertThat(input.getInput().getMessage()).startsWith("Fail over from us-east-1 to eu-west-1?")
                .contains("dry run: nothing changed");
        assertThat(input.getInput().getOk()).isEqualTo("Fail over");
        assertThat(standby.inRecovery()).as("nothing changes while the approval waits").isTrue();

        assertThatThrownBy(() -> InputSteps.approve("bob", input)).as("bob is not a submitter")
                .hasMessageContaining("You need to be dr-approvers to submit this");
        InputSteps.approve("alice", input);

        j.assertBuildStatus(Result.SUCCESS, j.waitForCompletion(run));
        assertThat(j.getLog(run)).contains("Approved by alice").contains("failed over us-east-1 -> eu-west-1")
                .contains("drFailoverWithApproval: failed over from us-east-1 to eu-west-1");
        assertThat(standby.inRecovery()).as("the standby is the primary now").isFalse();
        assertThat(run.getActions(DrEvidenceAction.class)).singleElement().satisfies(e -> {
            assertThat(e.getKind()).isEqualTo("failover");
            assertThat(e.isPassed()).isTrue();
        });
    }

    @Test
    public void aRejectedApprovalChangesNothing() throws Exception {
        WorkflowRun run = start("@Library('disaster-recovery') _\n"
                + "node('agent') { drFailoverWithApproval(to: 'eu-west-1', submitter: 'dr-approvers') }");
        InputStepExecution input = InputSteps.await(j, run);

        InputSteps.reject("alice", input);

        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(run));
        assertThat(j.getLog(run)).contains("Rejected by alice").doesNotContain("[drFailover] promote");
        assertThat(standby.inRecovery()).as("still a standby").isTrue();
        assertThat(primary.inRecovery()).as("still the primary").isFalse();
        assertThat(primary.sql("postgres", "show default_transaction_read_only")).as("never fenced").isEqualTo("off");
        assertThat(run.getActions(DrEvidenceAction.class)).as("a dry run records nothing").isEmpty();
    }

    private static WorkflowRun start(String script) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job.scheduleBuild2(0).waitForStart();
    }

}
