package io.jenkins.plugins.dr.steps;

import hudson.Extension;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.jenkins.plugins.dr.agent.RejoinTask;
import io.jenkins.plugins.dr.config.Text;
import java.util.Map;
import java.util.Optional;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code drRejoin(region: 'us-east-1')}: brings a failed-over old primary back as a standby of the new primary, on the
 * agent where its data directory is (see {@link RejoinTask}), with the engine's one rejoin, as {@code dr rejoin}.
 * Returns {@code [region:, primary:, method:, seconds:, proof:]}; a refused or failed rejoin fails the step.
 */
public final class DrRejoinStep extends DrStep {
    static final String FUNCTION = "drRejoin";

    private final String region;
    private String primary;

    @DataBoundConstructor
    public DrRejoinStep(String region) {
        this.region = Text.trimmed(region);
    }

    public String getRegion() {
        return region;
    }

    public String getPrimary() {
        return primary;
    }

    /** The region to follow ({@code dr rejoin --primary}); empty: the one other region that is a primary now. */
    @DataBoundSetter
    public void setPrimary(String primary) {
        this.primary = Text.trimmed(primary);
    }

    static Optional<String> regionProblem(String value) {
        return value == null ? Optional.of(Messages.DrRejoinStep_noRegion(FUNCTION)) : Optional.empty();
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        refuse(regionProblem(region));
        return new Execution(this, context);
    }

    /** Runs on a controller thread; the rejoin itself runs on the agent (see {@link RejoinTask}). */
    public static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        /** Not serialized: this execution does not survive a controller restart, it fails and may be rerun. */
        private final transient DrRejoinStep step;

        Execution(DrRejoinStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            StepRun dr = StepRun.of(getContext(), FUNCTION);
            // Like drFailover, the rejoin takes the plan's failover lease in the regions' buckets on the agent, where it
            // acts: a failover of another build or controller, or dr watch, meets it and waits for it.
            RejoinTask task = new RejoinTask(dr.configuration(step), dr.secrets(step, null), step.region, step.primary)
                    .heldBy(FUNCTION + " of " + dr.run().getExternalizableId());
            return dr.finish(dr.onAgent(task), step.isUnstableOnViolation());
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
            return Messages.DrRejoinStep_displayName();
        }

        @POST
        public FormValidation doCheckRegion(@AncestorInPath Item item, @QueryParameter String value) {
            checkPermission(item);
            return regionProblem(Text.trimmed(value)).map(FormValidation::error).orElse(FormValidation.ok());
        }
    }
}
