package io.jenkins.plugins.dr.library;

import io.jenkins.plugins.dr.testing.Resources;
import io.jenkins.plugins.dr.testing.Pipelines;
import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Label;
import hudson.model.Result;
import hudson.model.Run;
import io.jenkins.plugins.dr.config.DisasterRecoveryConfiguration;
import io.jenkins.plugins.dr.evidence.DrEvidenceAction;
import io.jenkins.plugins.dr.testing.StreamingPair;
import io.jenkins.plugins.dr.testing.CheckoutLibrary;
import io.jenkins.plugins.dr.testing.JenkinsPlan;
import io.jenkins.plugins.dr.testing.LocalStore;
import java.nio.file.Files;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * The shared library's {@code drQuarterlyDrill} from this checkout in a real Jenkins: the quarter's scenario picked
 * from the date, a database-failover drill for real on a real agent against a PostgreSQL primary and its streaming
 * standby (the primary stopped, the outage detected, the standby promoted, the old primary rewound back), and the
 * reports published and archived. The junit plugin is not available here: {@link JunitStandIn} takes its place.
 */
public class QuarterlyDrillLibraryTest {
    @ClassRule
    public static JenkinsRule j = Harness.jenkins();

    private static LocalStore store;
    private static StreamingPair pair;

    @BeforeClass
    public static void startPairPlanAgentAndLibrary() throws Exception {
        store = LocalStore.start("use1", "euw1");
        pair = StreamingPair.start("library-drill");

        JenkinsPlan plan = new JenkinsPlan(store);
        pair.addRegions(plan, "");
        plan.apply();
        DisasterRecoveryConfiguration configuration = DisasterRecoveryConfiguration.get();
        // drQuarterlyDrill has no detection parameters: the plan's own, shortened, keep the drill to seconds.
        configuration.setHealthCheckInterval("250ms");
        configuration.setFailoverThreshold("2s");
        configuration.save();
        CheckoutLibrary.install();
        j.createOnlineSlave(Label.get("agent"));
    }

    @AfterClass
    public static void stopAll() throws Exception {
        Resources.closeAll(pair, store);
    }

    @Test
    public void theFirstQuartersDatabaseFailoverDrillPassesAndItsReportsArePublishedAndArchived() throws Exception {
        WorkflowRun run = run("@Library('disaster-recovery') _\n"
                + "node('agent') {\n"
                + "  def drill = drQuarterlyDrill(date: '2027-02-15')\n"
                + "  echo \"drill ${drill.scenario} passed=${drill.passed} junit=${drill.reports.junit}\"\n"
                + "}", Result.SUCCESS);

        String log = j.getLog(run);
        assertThat(log).contains("drill database-failover passed=true")
                .contains("drQuarterlyDrill: database-failover passed")
                .containsPattern("\\[junit\\] dr-drill.xml: \\d+ tests, 0 failures");
        assertThat(run.getArtifacts()).extracting(Run.Artifact::getFileName)
                .containsExactlyInAnyOrder("dr-drill.xml", "dr-drill.md", "dr-drill.json");
        assertThat(Files.readString(run.getArtifactsDir().toPath().resolve("dr-drill.md")))
                .startsWith("# DR drill database-failover: PASSED");
        assertThat(run.getActions(DrEvidenceAction.class)).isNotEmpty()
                .allSatisfy(e -> {
                    assertThat(e.getKind()).isEqualTo("drill");
                    assertThat(e.isPassed()).isTrue();
                })
                .anySatisfy(e -> assertThat(e.getComponent()).isEqualTo("database"));
        // Rolled back: one primary answers writes again, the other replicates from it.
        assertThat(pair.primary().inRecovery() != pair.standby().inRecovery()).as("one primary, one standby").isTrue();
    }

    @Test
    public void aScenarioThatIsNotADrillFailsBeforeAnythingRuns() throws Exception {
        WorkflowRun run = run("@Library('disaster-recovery') _\n"
                + "node('agent') { drQuarterlyDrill(scenario: 'fire-drill') }", Result.FAILURE);

        assertThat(j.getLog(run)).contains("drQuarterlyDrill: scenario: 'fire-drill' is not a drill scenario")
                .doesNotContain("[Pipeline] drDrill");
        assertThat(run.getActions(DrEvidenceAction.class)).isEmpty();
    }

    private static WorkflowRun run(String script, Result expected) throws Exception {
        return Pipelines.run(j, script, expected);
    }

    /** The junit step drQuarterlyDrill calls, for this class's Jenkins only. */
    public static final class Junit extends JunitStandIn {
        @DataBoundConstructor
        public Junit(String testResults) {
            super(testResults);
        }

        @TestExtension
        public static final class DescriptorImpl extends JunitStandIn.Descriptor {
        }
    }
}
