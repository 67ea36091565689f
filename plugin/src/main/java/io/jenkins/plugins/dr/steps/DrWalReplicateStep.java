package io.jenkins.plugins.dr.steps;

import hudson.Extension;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.jenkins.plugins.dr.agent.AgentResult;
import io.jenkins.plugins.dr.agent.WalReplicateTask;
import io.jenkins.plugins.dr.config.Text;
import java.util.Map;
import java.util.Optional;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code drWalReplicate(component: 'db')}: one pass of {@code dr wal-replicate} on the agent — copies what each other
 * region's WAL archive of a postgres-cluster component lacks from the primary's (wal-push stores in the primary only)
 * and records each region's copy lag as evidence against the component's RPO target. Meant for a job on a short
 * timer (docs/examples/wal-replicate.Jenkinsfile). Returns {@code [component:, regions: [name: [copied:, missing:,
 * lagSeconds:, failures:]]]}; fails when a copy failed, after recording what was measured.
 */
public final class DrWalReplicateStep extends DrStep {
    static final String FUNCTION = "drWalReplicate";

    private final String component;

    @DataBoundConstructor
    public DrWalReplicateStep(String component) {
        this.component = Text.trimmed(component);
    }

    public String getComponent() {
        return component;
    }

    static Optional<String> componentProblem(String value) {
        return value == null ? Optional.of(Messages.DrWalReplicateStep_noComponent(FUNCTION)) : Optional.empty();
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        refuse(componentProblem(component));
        return new Execution(this, context);
    }

    /** Runs on a controller thread; the copy itself runs on the agent (see {@link WalReplicateTask}). */
    public static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        /** Not serialized: this execution does not survive a controller restart, it fails and may be rerun. */
        private final transient DrWalReplicateStep step;

        Execution(DrWalReplicateStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            StepRun dr = StepRun.of(getContext(), FUNCTION);
            AgentResult result = dr.onAgent(new WalReplicateTask(dr.configuration(step), dr.secrets(step, null), step.component));
            return dr.finish(result, step.isUnstableOnViolation());
        }
    }

    @Extension
    @Symbol(FUNCTION)
    public static class DescriptorImpl extends DrStepDescriptor {
        @Override
        public String getFunctionName() {
            return FUNCTION;
        }

        @Override
        public String getDisplayName() {
            return Messages.DrWalReplicateStep_displayName();
        }

        @POST
        public FormValidation doCheckComponent(@AncestorInPath Item item, @QueryParameter String value) {
            checkPermission(item);
            return checkComponent(value);
        }
    }
}
