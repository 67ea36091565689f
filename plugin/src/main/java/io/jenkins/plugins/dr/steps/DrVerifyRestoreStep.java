package io.jenkins.plugins.dr.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.Extension;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dr.agent.VerifyRestoreTask;
import io.jenkins.plugins.dr.config.Text;
import io.jenkins.plugins.dr.config.Validations;
import io.jenkins.plugins.dr.credentials.CredentialKinds;
import java.util.Map;
import jenkins.model.Jenkins;
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
 * {@code drVerifyRestore(component: 'database')}: proves a backup by restoring it into a scratch place and checking
 * it, like {@code dr verify-restore}; the restore's wall time is the measured RTO, the recovery point's age the RPO.
 * Returns {@code [backupId:, component:, verified:, failures:, rtoSeconds:, rtoTargetSeconds:, rpoSeconds:,
 * rpoTargetSeconds:, compliant:]}. A backup that does not verify fails the step (after recording the evidence).
 */
public final class DrVerifyRestoreStep extends DrStep {
    static final String FUNCTION = "drVerifyRestore";

    private final String component;
    private String backup;
    private String target;
    private boolean replace;
    private boolean integrityOnly;
    private String workDir;
    private String ageIdentityCredentialsId;
    private String toTime;
    private String toLsn;
    private String war;
    private String plugins;

    @DataBoundConstructor
    public DrVerifyRestoreStep(String component) {
        this.component = component == null ? null : component.strip();
    }

    public String getComponent() {
        return component;
    }

    public String getBackup() {
        return backup;
    }

    /** latest (default), latest-verified or a backup id. */
    @DataBoundSetter
    public void setBackup(String backup) {
        this.backup = Text.trimmed(backup);
    }

    public String getTarget() {
        return target;
    }

    /** Restore into this existing PostgreSQL server instead of an ephemeral cluster. */
    @DataBoundSetter
    public void setTarget(String target) {
        this.target = Text.trimmed(target);
    }

    public boolean isReplace() {
        return replace;
    }

    @DataBoundSetter
    public void setReplace(boolean replace) {
        this.replace = replace;
    }

    public boolean isIntegrityOnly() {
        return integrityOnly;
    }

    @DataBoundSetter
    public void setIntegrityOnly(boolean integrityOnly) {
        this.integrityOnly = integrityOnly;
    }

    public String getWorkDir() {
        return workDir;
    }

    @DataBoundSetter
    public void setWorkDir(String workDir) {
        this.workDir = Text.trimmed(workDir);
    }

    public String getAgeIdentityCredentialsId() {
        return ageIdentityCredentialsId;
    }

    @DataBoundSetter
    public void setAgeIdentityCredentialsId(String ageIdentityCredentialsId) {
        this.ageIdentityCredentialsId = Text.trimmed(ageIdentityCredentialsId);
    }

    public String getToTime() {
        return toTime;
    }

    /** postgres-cluster: replay WAL up to this ISO-8601 time with offset (dr verify-restore --to-time). */
    @DataBoundSetter
    public void setToTime(String toTime) {
        this.toTime = Text.trimmed(toTime);
    }

    public String getToLsn() {
        return toLsn;
    }

    /** postgres-cluster: replay WAL up to this position, e.g. 0/3000028 (dr verify-restore --to-lsn). */
    @DataBoundSetter
    public void setToLsn(String toLsn) {
        this.toLsn = Text.trimmed(toLsn);
    }

    public String getWar() {
        return war;
    }

    /** jenkins-home: the jenkins.war that boots the restored home, on the agent; default: the controller's own war. */
    @DataBoundSetter
    public void setWar(String war) {
        this.war = Text.trimmed(war);
    }

    public String getPlugins() {
        return plugins;
    }

    /** jenkins-home: a folder of plugin archives (.jpi/.hpi) to install into a home backed up without them. */
    @DataBoundSetter
    public void setPlugins(String plugins) {
        this.plugins = Text.trimmed(plugins);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        refuse(StepArguments.component(FUNCTION, component));
        refuse(StepArguments.recoveryTarget(FUNCTION, toTime, toLsn));
        return new Execution(this, context);
    }

    /** Runs on a controller thread; the restore runs on the agent (see {@link VerifyRestoreTask}). */
    public static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final transient DrVerifyRestoreStep step;

        Execution(DrVerifyRestoreStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            StepRun dr = StepRun.of(getContext(), FUNCTION);
            VerifyRestoreTask task = new VerifyRestoreTask(dr.configuration(step),
                    dr.secrets(step, step.ageIdentityCredentialsId), step.component, step.backup, step.target,
                    step.replace, step.integrityOnly, step.workDir, step.toTime, step.toLsn)
                    .withJenkins(step.war, step.plugins, ControllerWar.path());
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
            return Messages.DrVerifyRestoreStep_displayName();
        }

        @POST
        public FormValidation doCheckComponent(@AncestorInPath Item item, @QueryParameter String value) {
            checkPermission(item);
            return checkComponent(value);
        }

        @POST
        public FormValidation doCheckToTime(@AncestorInPath Item item, @QueryParameter String value) {
            checkPermission(item);
            return StepArguments.recoveryTarget(FUNCTION, value, null).map(FormValidation::error)
                    .orElse(FormValidation.ok());
        }

        @POST
        public FormValidation doCheckToLsn(@AncestorInPath Item item, @QueryParameter String value) {
            checkPermission(item);
            return StepArguments.recoveryTarget(FUNCTION, null, value).map(FormValidation::error)
                    .orElse(FormValidation.ok());
        }

        @POST
        public ListBoxModel doFillAgeIdentityCredentialsIdItems(@AncestorInPath Item item,
                @QueryParameter String ageIdentityCredentialsId) {
            if (item == null ? !jenkins.hasPermission(Jenkins.ADMINISTER)
                    : !item.hasPermission(Item.EXTENDED_READ) && !item.hasPermission(CredentialsProvider.USE_ITEM)) {
                return new StandardListBoxModel().includeCurrentValue(ageIdentityCredentialsId);
            }
            return Validations.credentialsItems(item, CredentialKinds.ageIdentity(), ageIdentityCredentialsId);
        }
    }
}
