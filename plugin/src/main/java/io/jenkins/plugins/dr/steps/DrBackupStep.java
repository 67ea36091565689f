package io.jenkins.plugins.dr.steps;

import hudson.Extension;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.jenkins.plugins.dr.agent.BackupTask;
import java.util.Map;
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
 * {@code drBackup(component: 'database')}: backs up one component of the plan to the primary region's bucket, copies
 * it to the other regions and applies retention, like {@code dr backup}. Returns
 * {@code [backupId:, component:, location:, regions:, storedBytes:, rawBytes:, durationSeconds:, consistentAt:]}.
 */
public final class DrBackupStep extends DrStep {
    static final String FUNCTION = "drBackup";

    private final String component;
    private boolean skipCopies;
    private boolean skipRetention;

    @DataBoundConstructor
    public DrBackupStep(String component) {
        this.component = component == null ? null : component.strip();
    }

    public String getComponent() {
        return component;
    }

    public boolean isSkipCopies() {
        return skipCopies;
    }

    /** Store in the primary region only (dr backup --no-copies). */
    @DataBoundSetter
    public void setSkipCopies(boolean skipCopies) {
        this.skipCopies = skipCopies;
    }

    public boolean isSkipRetention() {
        return skipRetention;
    }

    /** Leave old backups alone this time (dr backup --no-retention). */
    @DataBoundSetter
    public void setSkipRetention(boolean skipRetention) {
        this.skipRetention = skipRetention;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        refuse(StepArguments.component(FUNCTION, component));
        return new Execution(this, context);
    }

    /** Runs on a controller thread; the backup itself runs on the agent (see {@link BackupTask}). */
    public static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        /** Not serialized: this execution does not survive a controller restart, it fails and may be rerun. */
        private final transient DrBackupStep step;

        Execution(DrBackupStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            StepRun dr = StepRun.of(getContext(), FUNCTION);
            // On the built-in node a jenkins-home component with path auto backs up this controller's own home.
            hudson.model.Node node = getContext().get(hudson.model.Node.class);
            String controllerHome = node instanceof jenkins.model.Jenkins controller ? controller.getRootDir().getAbsolutePath() : null;
            BackupTask task = new BackupTask(dr.configuration(step), dr.secrets(step, null), step.component,
                    step.skipCopies, step.skipRetention, controllerHome);
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
            return Messages.DrBackupStep_displayName();
        }

        @POST
        public FormValidation doCheckComponent(@AncestorInPath Item item, @QueryParameter String value) {
            checkPermission(item);
            return checkComponent(value);
        }
    }
}
