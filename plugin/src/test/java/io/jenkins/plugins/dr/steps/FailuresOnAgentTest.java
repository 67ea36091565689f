package io.jenkins.plugins.dr.steps;

import io.jenkins.plugins.dr.testing.Pipelines;
import static org.assertj.core.api.Assertions.assertThat;

import hudson.FilePath;
import hudson.model.Label;
import hudson.model.Result;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import io.jenkins.plugins.dr.agent.AgentCallable;
import io.jenkins.plugins.dr.agent.AgentResult;
import io.jenkins.plugins.dr.agent.AgentTask;
import io.jenkins.plugins.dr.agent.SecretMasker;
import io.jenkins.plugins.dr.agent.StepFailure;
import io.jenkins.plugins.dr.testing.JenkinsPlan;
import io.jenkins.plugins.dr.testing.LocalStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * How a DR step fails, in a real Jenkins on a real agent: a defect keeps its stack trace in the log (masked), a
 * user's error is one line naming the step's parameter, and drVerifyRestore's point-in-time arguments are checked
 * before anything runs. The defect comes from a test-only task sent to the agent exactly as the steps send theirs.
 */
public class FailuresOnAgentTest {
    @ClassRule
    public static JenkinsRule j = new JenkinsRule();

    static {
        // The rule's timeout covers the whole class, on machines where several builds share two cores.
        j.timeout = 400;
    }

    @ClassRule
    public static TemporaryFolder temp = new TemporaryFolder();

    /** A secret the failing task quotes in its exceptions, as a careless library might. */
    static final String SECRET = "agent-task-Secret-7f3e91";

    private static LocalStore store;
    private static JenkinsPlan plan;

    @BeforeClass
    public static void startPlanAndAgent() throws Exception {
        store = LocalStore.start("use1");
        plan = new JenkinsPlan(store);
        plan.region("us-east-1", "primary", "use1");
        Path tree = temp.newFolder("etc").toPath();
        Files.writeString(tree.resolve("app.conf"), "listen 8080\n");
        plan.component("configuration", "directory").setPath(tree.toString());
        plan.apply();
        j.createOnlineSlave(Label.get("agent"));
    }

    @AfterClass
    public static void stopStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    public void aDefectInAnAgentTaskFailsTheBuildWithItsMaskedStackTraceInTheLog() throws Exception {
        WorkflowRun run = run("node('agent') { drTestTask failure: 'defect' }", Result.FAILURE);

        String log = j.getLog(run);
        assertThat(log).contains("drTestTask: an unexpected failure, a defect of the plugin or the engine")
                .contains("java.lang.IllegalStateException: lost the connection holding ****")
                .contains(FailingTask.class.getName() + ".run(FailuresOnAgentTest.java:")
                .contains("Caused by: java.lang.NullPointerException: no session for ****")
                .contains("ERROR: drTestTask: unexpected java.lang.IllegalStateException: lost the connection holding"
                        + " **** (the stack trace is in the log above)")
                .doesNotContain(SECRET);
        assertThat(Files.readString(run.getRootDir().toPath().resolve("build.xml"))).doesNotContain(SECRET);
    }

    @Test
    public void aStepFailureFailsTheBuildWithOneLineAndNoStackTrace() throws Exception {
        WorkflowRun run = run("node('agent') { drTestTask failure: 'user' }", Result.FAILURE);

        String log = j.getLog(run);
        assertThat(log).contains("ERROR: drTestTask: the store refused the key ****; fix awsCredentialsId")
                .doesNotContain("\tat ").doesNotContain(StepFailure.class.getName()).doesNotContain(SECRET);
    }

    @Test
    public void anEngineRefusalNamesTheStepsParametersNotTheCommandLinesOptions() throws Exception {
        WorkflowRun run = run("node('agent') { drVerifyRestore component: 'configuration', toLsn: '0/3000028' }",
                Result.FAILURE);

        String log = j.getLog(run);
        assertThat(log).contains("ERROR: drVerifyRestore: toTime/toLsn: only postgres-cluster components have WAL to"
                + " replay to a point; configuration is directory").doesNotContain("--to-").doesNotContain("\tat ");
        WorkflowRun unknown = run("node('agent') { drVerifyRestore component: 'nosuch' }", Result.FAILURE);
        assertThat(j.getLog(unknown)).contains("ERROR: drVerifyRestore: component: 'nosuch': no such component;"
                + " configured: configuration").doesNotContain("--component");
    }

    @Test
    public void bothRecoveryTargetsAtOnceAreRefusedNamingTheParameters() throws Exception {
        WorkflowRun run = run("node('agent') { drVerifyRestore component: 'configuration',"
                + " toTime: '2026-01-25T14:03:00Z', toLsn: '0/3000028' }", Result.FAILURE);

        assertThat(j.getLog(run)).contains("ERROR: drVerifyRestore: toTime: and toLsn: both given; a restore stops at a"
                + " time or at a WAL position: give one of them").doesNotContain("[drVerifyRestore]");
    }

    @Test
    public void aBadTimeIsRefusedNamingToTimeAndTheFormat() throws Exception {
        WorkflowRun run = run("node('agent') { drVerifyRestore component: 'configuration', toTime: '2026-01-25 14:03' }",
                Result.FAILURE);

        assertThat(j.getLog(run)).contains("ERROR: drVerifyRestore: toTime: '2026-01-25 14:03' is not an ISO-8601 time"
                + " with an offset; write e.g. 2026-01-25T14:03:00Z").doesNotContain("[drVerifyRestore]");
    }

    @Test
    public void toTimeAndToLsnBindToTheStepAndTheFormChecksThemAsTheStepDoes() throws Exception {
        DrVerifyRestoreStep step = DescribableModel.of(DrVerifyRestoreStep.class).instantiate(Map.of("component", "db",
                "toTime", " 2026-01-25T14:03:00Z ", "toLsn", ""), null);
        DrVerifyRestoreStep.DescriptorImpl form = j.jenkins.getDescriptorByType(DrVerifyRestoreStep.DescriptorImpl.class);

        assertThat(step.getToTime()).isEqualTo("2026-01-25T14:03:00Z");
        assertThat(step.getToLsn()).isNull();
        assertThat(form.doCheckToTime(null, "2026-01-25T14:03:00Z").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(form.doCheckToTime(null, "yesterday").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(form.doCheckToTime(null, "yesterday").getMessage()).contains("toTime:", "2026-01-25T14:03:00Z");
        assertThat(form.doCheckToLsn(null, "0/3000028").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(form.doCheckToLsn(null, "3000028").kind).isEqualTo(FormValidation.Kind.ERROR);
    }

    private static WorkflowRun run(String script, Result expected) throws Exception {
        return Pipelines.run(j, script, expected);
    }

    /** A task that fails on the agent as asked: a defect (a runtime exception with a cause) or a user's error. */
    static final class FailingTask implements AgentTask {
        private static final long serialVersionUID = 1L;
        private final String failure;

        FailingTask(String failure) {
            this.failure = failure;
        }

        @Override
        public String stepName() {
            return "drTestTask";
        }

        @Override
        public SecretMasker masker() {
            return new SecretMasker(List.of(SECRET));
        }

        @Override
        public AgentResult run(Path workspace, PrintStream log) throws StepFailure {
            if (failure.equals("user")) {
                throw new StepFailure(masker().mask("drTestTask: the store refused the key " + SECRET
                        + "; fix awsCredentialsId"));
            }
            throw new IllegalStateException("lost the connection holding " + SECRET,
                    new NullPointerException("no session for " + SECRET));
        }
    }

    /** {@code drTestTask(failure: 'defect'|'user')}: sends a {@link FailingTask} to the agent as StepRun does. */
    public static final class TestTaskStep extends Step {
        private final String failure;

        @DataBoundConstructor
        public TestTaskStep(String failure) {
            this.failure = failure;
        }

        public String getFailure() {
            return failure;
        }

        @Override
        public StepExecution start(StepContext context) {
            return new Execution(context, failure);
        }

        private static final class Execution extends SynchronousNonBlockingStepExecution<Void> {
            private static final long serialVersionUID = 1L;
            private final String failure;

            Execution(StepContext context, String failure) {
                super(context);
                this.failure = failure;
            }

            @Override
            protected Void run() throws Exception {
                TaskListener listener = getContext().get(TaskListener.class);
                getContext().get(FilePath.class).act(new AgentCallable(new FailingTask(failure), listener));
                return null;
            }
        }

        @TestExtension
        public static final class DescriptorImpl extends StepDescriptor {
            @Override
            public Set<? extends Class<?>> getRequiredContext() {
                return Set.of(FilePath.class, TaskListener.class);
            }

            @Override
            public String getFunctionName() {
                return "drTestTask";
            }
        }
    }
}
