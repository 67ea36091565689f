package io.jenkins.plugins.dr.library;

import io.jenkins.plugins.dr.testing.Resources;
import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Item;
import hudson.model.Label;
import hudson.model.ParametersAction;
import hudson.model.ParametersDefinitionProperty;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.StringParameterDefinition;
import hudson.model.StringParameterValue;
import hudson.triggers.TimerTrigger;
import io.jenkins.plugins.dr.config.DisasterRecoveryConfiguration;
import io.jenkins.plugins.dr.evidence.DrEvidenceAction;
import io.jenkins.plugins.dr.testing.StreamingPair;
import io.jenkins.plugins.dr.testing.CheckoutLibrary;
import io.jenkins.plugins.dr.testing.JenkinsPlan;
import io.jenkins.plugins.dr.testing.LocalStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStepExecution;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.TestExtension;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * Every example job in {@code docs/examples/} run unchanged, as a Pipeline job whose script is the file, in a real
 * Jenkins with the plan set up: this checkout as the global library {@code disaster-recovery}, the controller without
 * executors so that {@code agent any} and {@code node} land on a real agent, a real PostgreSQL primary with its
 * streaming standby, and the local store. The only stand-in is the junit plugin's {@code junit} step
 * ({@link JunitStandIn}), which is not available here.
 */
public class ExampleJobsTest {
    @ClassRule
    public static JenkinsRule j = Harness.jenkins();
    @ClassRule
    public static TemporaryFolder temp = new TemporaryFolder();

    private static LocalStore store;
    private static StreamingPair pair;
    private static JenkinsPlan plan;

    @BeforeClass
    public static void startPlanAgentAndLibrary() throws Exception {
        store = LocalStore.start("use1", "euw1");
        pair = StreamingPair.start("library-examples");
        pair.primary().execute("postgres", "create database shop");
        pair.primary().execute("shop", "create table customers (id int primary key, name text);"
                + "insert into customers select g, 'customer ' || g from generate_series(1, 100) g");
        Path tree = temp.newFolder("etc").toPath();
        Files.writeString(tree.resolve("app.conf"), "listen 8080\n", StandardCharsets.UTF_8);

        plan = new JenkinsPlan(store);
        pair.addRegions(plan, "");
        plan.component("database", "postgres").setUrl(pair.primary().url("shop").toString());
        plan.component("configuration", "directory").setPath(tree.toString());
        plan.target("configuration", "5m", "10m");
        plan.apply();
        DisasterRecoveryConfiguration configuration = DisasterRecoveryConfiguration.get();
        configuration.setHealthCheckInterval("250ms");
        configuration.setFailoverThreshold("2s");
        configuration.save();
        CheckoutLibrary.install();

        JenkinsRule.DummySecurityRealm realm = j.createDummySecurityRealm();
        realm.addGroups("alice", "dr-approvers");
        j.jenkins.setSecurityRealm(realm);
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ, Item.BUILD).everywhere().to("alice"));
        j.jenkins.setNumExecutors(0);
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
    public void theDeclarativeNightlyBackupBacksUpAndProvesBothComponentsOnItsSchedule() throws Exception {
        WorkflowJob job = job("nightly-backup.Jenkinsfile");
        WorkflowRun run = j.assertBuildStatus(Result.SUCCESS, job.scheduleBuild2(0));

        assertThat(j.getLog(run)).contains("drNightlyBackup: database backup ").contains("verified (restore)")
                .contains("drNightlyBackup: configuration backup ").contains("verified (integrity)");
        assertThat(run.getActions(DrEvidenceAction.class)).filteredOn(e -> !e.getKind().equals("compliance"))
                .extracting(e -> e.getComponent() + "/" + e.getKind() + "/" + e.isPassed())
                .containsExactlyInAnyOrder("database/backup/true", "database/verify/true",
                        "configuration/backup/true", "configuration/verify/true");
        // The example ends with drComplianceGate: the engine's verdict of every component now, as evidence.
        assertThat(run.getActions(DrEvidenceAction.class)).filteredOn(e -> e.getKind().equals("compliance"))
                .extracting(DrEvidenceAction::getComponent).containsExactlyInAnyOrder("database", "configuration");
        assertThat(j.getLog(run)).contains("drComplianceGate: overall ");
        assertThat(job.getTriggers().values()).singleElement().isInstanceOfSatisfying(TimerTrigger.class,
                t -> assertThat(t.getSpec()).isEqualTo("H 2 * * *"));
        assertNoSecretIn(j.getLog(run));
    }

    @Test
    public void theScriptedNightlyBackupBacksUpBothComponentsInTheirOwnStages() throws Exception {
        WorkflowJob job = job("scripted-nightly-backup.groovy");
        WorkflowRun run = j.assertBuildStatus(Result.SUCCESS, job.scheduleBuild2(0));

        assertThat(j.getLog(run)).contains("Back up database").contains("Back up configuration")
                .contains("verified (restore)").contains("verified (integrity)");
        assertThat(run.getActions(DrEvidenceAction.class)).filteredOn(e -> !e.getKind().equals("compliance"))
                .hasSize(4).allMatch(DrEvidenceAction::isPassed);
        assertThat(run.getActions(DrEvidenceAction.class)).filteredOn(e -> e.getKind().equals("compliance")).hasSize(2);
        assertThat(job.getTriggers().values()).singleElement().isInstanceOf(TimerTrigger.class);
    }

    @Test
    public void theQuarterlyDrillWithAChosenScenarioPassesAndArchivesItsReports() throws Exception {
        WorkflowJob job = job("quarterly-drill.Jenkinsfile");
        // The first build of a declarative job only learns its parameters: declare SCENARIO up front, as the
        // Jenkinsfile does, so that the very first build drills the chosen scenario (today's quarter is end-to-end).
        job.addProperty(new ParametersDefinitionProperty(new StringParameterDefinition("SCENARIO", "by quarter")));
        WorkflowRun run = j.assertBuildStatus(Result.SUCCESS, job.scheduleBuild2(0,
                new ParametersAction(new StringParameterValue("SCENARIO", "database-failover"))));

        assertThat(j.getLog(run)).contains("drQuarterlyDrill: database-failover passed")
                .containsPattern("\\[junit\\] dr-drill.xml: \\d+ tests, 0 failures");
        assertThat(run.getArtifacts()).extracting(Run.Artifact::getFileName)
                .containsExactlyInAnyOrder("dr-drill.xml", "dr-drill.md", "dr-drill.json");
        assertThat(run.getActions(DrEvidenceAction.class)).filteredOn(e -> !e.getKind().equals("compliance"))
                .isNotEmpty().allMatch(DrEvidenceAction::isPassed);
        assertThat(j.getLog(run)).contains("drComplianceGate: overall ");
    }

    @Test
    public void theManualFailoverWaitsForAnApproverAndThenPromotesTheStandby() throws Exception {
        WorkflowJob job = job("manual-failover.Jenkinsfile");
        WorkflowRun run = job.scheduleBuild2(0).waitForStart();

        InputStepExecution input = InputSteps.await(j, run);
        assertThat(input.getInput().getMessage()).startsWith("Fail over from us-east-1 to eu-west-1?");
        assertThat(pair.standby().inRecovery()).isTrue();
        InputSteps.approve("alice", input);

        j.assertBuildStatus(Result.SUCCESS, j.waitForCompletion(run));
        assertThat(j.getLog(run)).contains("drFailoverWithApproval: failed over from us-east-1 to eu-west-1");
        assertThat(pair.standby().inRecovery()).isFalse();
    }

    private static WorkflowJob job(String example) throws Exception {
        Path file = CheckoutLibrary.repositoryRoot().toPath().resolve("docs/examples").resolve(example);
        WorkflowJob job = j.createProject(WorkflowJob.class, example.replaceAll("\\W", "-"));
        job.setDefinition(new CpsFlowDefinition(Files.readString(file, StandardCharsets.UTF_8), true));
        return job;
    }

    private static void assertNoSecretIn(String text) {
        for (String secret : plan.secrets()) {
            assertThat(text).doesNotContain(secret);
        }
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
