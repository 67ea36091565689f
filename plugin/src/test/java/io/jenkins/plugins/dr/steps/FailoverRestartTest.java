package io.jenkins.plugins.dr.steps;

import io.jenkins.plugins.dr.testing.Resources;
import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Label;
import hudson.model.Result;
import io.jenkins.plugins.dr.evidence.DrEvidenceAction;
import io.jenkins.plugins.dr.testing.JenkinsPlan;
import io.jenkins.plugins.dr.testing.LocalStore;
import io.jenkins.plugins.dr.testing.StreamingPair;
import java.util.List;
import org.drjenkins.engine.failover.FailoverLeases;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.JenkinsSessionRule;

/**
 * A controller restart in the middle of a drFailover: what docs/plugin.md promises. The failover is slowed down by a
 * health check of the target that takes seconds (a gate), so the controller stops while the agent runs it. After the
 * restart the step fails with one line, is not run again — not even inside {@code retry(conditions:
 * [nonresumable()])}, which Jenkins suggests for steps that cannot resume — and the region lock is free.
 */
public class FailoverRestartTest {
    /** Longer than the restart takes to begin, bounded by its own timeout. */
    private static final String VERY_SLOW_STANDBY_CHECK = "healthChecks: [ { postgres: \"select true from"
            + " pg_sleep(case when pg_is_in_recovery() then 20 else 0 end)\", timeout: 40s } ]\n";

    @Rule
    public JenkinsSessionRule sessions = new JenkinsSessionRule();

    private static LocalStore store;
    private static StreamingPair pair;

    @BeforeClass
    public static void startPairAndStore() throws Exception {
        // Each session's JenkinsRule reads this when it is made: the second session waits out the cut-off failover's
        // lease (up to FailoverLeases.DEFAULT_TTL) before it fails over for real, more than the default 180 s allows.
        System.setProperty("jenkins.test.timeout", "420");
        store = LocalStore.start("use1", "euw1");
        pair = StreamingPair.start("failover-restart");
    }

    @AfterClass
    public static void stopPairAndStore() throws Exception {
        Resources.closeAll(pair, store);
    }

    private static void applyPlan(String standbySettings) throws Exception {
        JenkinsPlan plan = new JenkinsPlan(store);
        pair.addRegions(plan, standbySettings);
        plan.component("database", "postgres").setUrl(pair.primary().url("postgres").toString());
        plan.apply();
    }

    @Test
    public void aFailoverCutOffByARestartFailsOnceIsNeverRunAgainAndItsLeaseExpires() throws Throwable {
        sessions.then(j -> {
            applyPlan(VERY_SLOW_STANDBY_CHECK);
            j.createOnlineSlave(Label.get("agent"));
            WorkflowJob job = j.createProject(WorkflowJob.class, "failover");
            job.setDefinition(new CpsFlowDefinition("retry(conditions: [nonresumable()], count: 2) {\n"
                    + "  node('agent') {\n"
                    + "    drFailover to: 'eu-west-1', confirm: true\n"
                    + "  }\n"
                    + "}", true));
            WorkflowRun run = job.scheduleBuild2(0).waitForStart();
            FailoverOnAgentTest.awaitLog(run, "[drFailover] gates: may eu-west-1 take over from us-east-1?", 90);
            assertThat(FailoverOnAgentTest.leasesIn(store)).as("the build holds the lease in both buckets").hasSize(2)
                    .allSatisfy(lease -> assertThat(lease.holder()).startsWith("drFailover of failover#1 on "));
        });
        sessions.then(j -> {
            WorkflowRun run = j.jenkins.getItemByFullName("failover", WorkflowJob.class).getBuildByNumber(1);
            j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(run));

            String log = j.getLog(run);
            // Which of the two notices the step first depends on the shutdown's timing: the agent's channel closing
            // under the running step, or the resumed build finding the step still running. Both say the same.
            List<String> errors = log.lines().filter(line -> line.startsWith("ERROR:")).toList();
            assertThat(errors).as(log).hasSize(1);
            assertThat(errors.get(0)).startsWith("ERROR: drFailover: this failover to eu-west-1 was cut off: ")
                    .contains("It is not resumed and will not run again in this build");
            assertThat(log).as("one line, no stack trace").doesNotContain("\tat ");
            assertThat(occurrences(log, "holding the failover lease of us-east-1, eu-west-1")).as("the failover ran once")
                    .isEqualTo(1);
            assertThat(occurrences(log, "[drFailover] gates: may")).isEqualTo(1);
            assertThat(StreamingPair.inRecovery(pair.standby())).as("nothing was promoted").isTrue();
            assertThat(StreamingPair.writable(pair.primary())).as("the primary still takes writes").isTrue();
            assertThat(run.getActions(DrEvidenceAction.class)).isEmpty();

            // The controller went away, but the failover's lease in the buckets did not: the agent may still
            // have been acting when the controller went away. A failover is refused until that lease expires (force
            // does not override it, so the message must not suggest it), then takes the lease and promotes the standby.
            applyPlan("");
            WorkflowJob again = j.createProject(WorkflowJob.class, "again");
            again.setDefinition(new CpsFlowDefinition("node('agent') {\n"
                    + "  drFailover to: 'eu-west-1', confirm: true\n"
                    + "}", true));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(FailoverLeases.DEFAULT_TTL.toSeconds() + 120);
            WorkflowRun after;
            while (true) {
                after = again.scheduleBuild2(0).get(180, TimeUnit.SECONDS);
                if (after.getResult() == Result.SUCCESS) {
                    break;
                }
                String refused = j.getLog(after);
                assertThat(refused).as("only the lease may refuse it").contains("failover lease taken")
                        .doesNotContain("force: true");
                assertThat(StreamingPair.inRecovery(pair.standby())).as("a refused failover promotes nothing").isTrue();
                assertThat(System.nanoTime()).as("the lease of the cut-off failover expires").isLessThan(deadline);
                Thread.sleep(5_000);
            }
            assertThat(j.getLog(after)).contains("holding the failover lease of us-east-1, eu-west-1");
            assertThat(pair.standby().inRecovery()).isFalse();
        });
    }

    private static int occurrences(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }
}
