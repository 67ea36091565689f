package io.jenkins.plugins.dr.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.Extension;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dr.agent.RestoreArguments;
import io.jenkins.plugins.dr.agent.RestoreTask;
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
 * {@code drRestore(component: 'configuration', to: '/etc/app', replace: true, confirm: true)}: restores a backup for
 * real, like {@code dr restore}, on the agent. The target follows what the backup holds ({@code to} for a file tree,
 * {@code target} for postgres, {@code dataDir} for postgres-cluster, {@code output} for a command). Writing needs
 * {@code confirm: true}; {@code diff: true} is the dry run. Returns the keys of {@code dr restore --json}:
 * {@code [component:, backupId:, region:, target:, written:, seconds:, restoredBytes:, recoveryPoint:, detail:,
 * changes: [added:, changed:, removed:, unchanged:, firstPaths:], recordedIn:, skippedRegions:]}.
 */
public final class DrRestoreStep extends DrStep {
    static final String FUNCTION = "drRestore";

    private final String component;
    private String backup;
    private boolean latestVerified;
    private String region;
    private boolean anyRegion;
    private String to;
    private String target;
    private String dataDir;
    private String output;
    private boolean replace;
    private boolean confirm;
    private boolean diff;
    private String toTime;
    private String toLsn;
    private boolean latest;
    private boolean start;
    private Integer port;
    private boolean pauseAtTarget;
    private boolean noOwner;
    private boolean noAcl;
    private int jobs;
    private String workDir;
    private String drCommand;
    private String ageIdentityCredentialsId;

    @DataBoundConstructor
    public DrRestoreStep(String component) {
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

    public boolean isLatestVerified() {
        return latestVerified;
    }

    @DataBoundSetter
    public void setLatestVerified(boolean latestVerified) {
        this.latestVerified = latestVerified;
    }

    public String getRegion() {
        return region;
    }

    @DataBoundSetter
    public void setRegion(String region) {
        this.region = Text.trimmed(region);
    }

    public boolean isAnyRegion() {
        return anyRegion;
    }

    @DataBoundSetter
    public void setAnyRegion(boolean anyRegion) {
        this.anyRegion = anyRegion;
    }

    public String getTo() {
        return to;
    }

    @DataBoundSetter
    public void setTo(String to) {
        this.to = Text.trimmed(to);
    }

    public String getTarget() {
        return target;
    }

    @DataBoundSetter
    public void setTarget(String target) {
        this.target = Text.trimmed(target);
    }

    public String getDataDir() {
        return dataDir;
    }

    @DataBoundSetter
    public void setDataDir(String dataDir) {
        this.dataDir = Text.trimmed(dataDir);
    }

    public String getOutput() {
        return output;
    }

    @DataBoundSetter
    public void setOutput(String output) {
        this.output = Text.trimmed(output);
    }

    public boolean isReplace() {
        return replace;
    }

    @DataBoundSetter
    public void setReplace(boolean replace) {
        this.replace = replace;
    }

    public boolean isConfirm() {
        return confirm;
    }

    @DataBoundSetter
    public void setConfirm(boolean confirm) {
        this.confirm = confirm;
    }

    public boolean isDiff() {
        return diff;
    }

    @DataBoundSetter
    public void setDiff(boolean diff) {
        this.diff = diff;
    }

    public String getToTime() {
        return toTime;
    }

    @DataBoundSetter
    public void setToTime(String toTime) {
        this.toTime = Text.trimmed(toTime);
    }

    public String getToLsn() {
        return toLsn;
    }

    @DataBoundSetter
    public void setToLsn(String toLsn) {
        this.toLsn = Text.trimmed(toLsn);
    }

    public boolean isLatest() {
        return latest;
    }

    /** postgres-cluster: replay all archived WAL (the default; written out for readers of the Jenkinsfile). */
    @DataBoundSetter
    public void setLatest(boolean latest) {
        this.latest = latest;
    }

    public boolean isStart() {
        return start;
    }

    @DataBoundSetter
    public void setStart(boolean start) {
        this.start = start;
    }

    public Integer getPort() {
        return port;
    }

    @DataBoundSetter
    public void setPort(Integer port) {
        this.port = port;
    }

    public boolean isPauseAtTarget() {
        return pauseAtTarget;
    }

    @DataBoundSetter
    public void setPauseAtTarget(boolean pauseAtTarget) {
        this.pauseAtTarget = pauseAtTarget;
    }

    public boolean isNoOwner() {
        return noOwner;
    }

    @DataBoundSetter
    public void setNoOwner(boolean noOwner) {
        this.noOwner = noOwner;
    }

    public boolean isNoAcl() {
        return noAcl;
    }

    @DataBoundSetter
    public void setNoAcl(boolean noAcl) {
        this.noAcl = noAcl;
    }

    public int getJobs() {
        return jobs;
    }

    @DataBoundSetter
    public void setJobs(int jobs) {
        this.jobs = jobs;
    }

    public String getWorkDir() {
        return workDir;
    }

    @DataBoundSetter
    public void setWorkDir(String workDir) {
        this.workDir = Text.trimmed(workDir);
    }

    public String getDrCommand() {
        return drCommand;
    }

    @DataBoundSetter
    public void setDrCommand(String drCommand) {
        this.drCommand = Text.trimmed(drCommand);
    }

    public String getAgeIdentityCredentialsId() {
        return ageIdentityCredentialsId;
    }

    @DataBoundSetter
    public void setAgeIdentityCredentialsId(String ageIdentityCredentialsId) {
        this.ageIdentityCredentialsId = Text.trimmed(ageIdentityCredentialsId);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        refuse(StepArguments.component(FUNCTION, component));
        refuse(StepArguments.restore(backup, latestVerified, toTime, toLsn, latest, diff, confirm));
        refuse(StepArguments.recoveryTarget(FUNCTION, toTime, toLsn));
        return new Execution(this, context);
    }

    RestoreArguments arguments() {
        return new RestoreArguments(component, latestVerified ? "latest-verified" : backup, region, anyRegion, to,
                target, dataDir, output, replace, confirm, diff, toTime, toLsn, start, port, pauseAtTarget, noOwner,
                noAcl, jobs, workDir, drCommand);
    }

    /** Runs on a controller thread; the restore runs on the agent (see {@link RestoreTask}). */
    public static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final transient DrRestoreStep step;

        Execution(DrRestoreStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            StepRun dr = StepRun.of(getContext(), FUNCTION);
            RestoreTask task = new RestoreTask(dr.configuration(step), dr.secrets(step, step.ageIdentityCredentialsId),
                    step.arguments());
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
            return Messages.DrRestoreStep_displayName();
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
