package io.jenkins.plugins.dr.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.FilePath;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dr.config.DisasterRecoveryConfiguration;
import io.jenkins.plugins.dr.jenkins.JenkinsFacade;
import io.jenkins.plugins.dr.config.Validations;
import io.jenkins.plugins.dr.credentials.CredentialKinds;
import java.util.Set;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * What the descriptors of the DR steps share: they run inside {@code node} (the engine works in the agent's
 * workspace) and offer the same credential pickers to the Snippet Generator.
 */
public abstract class DrStepDescriptor extends StepDescriptor {
    protected final transient JenkinsFacade jenkins = new JenkinsFacade();

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return Set.of(Run.class, FilePath.class, TaskListener.class);
    }

    /** Lists only for who may configure the job (or, outside a job, administer Jenkins); others see the id kept. */
    @POST
    public ListBoxModel doFillAwsCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String awsCredentialsId) {
        if (item == null ? !jenkins.hasPermission(Jenkins.ADMINISTER)
                : !item.hasPermission(Item.EXTENDED_READ) && !item.hasPermission(CredentialsProvider.USE_ITEM)) {
            return new StandardListBoxModel().includeCurrentValue(awsCredentialsId);
        }
        return Validations.credentialsItems(item, CredentialKinds.aws(), awsCredentialsId);
    }

    @POST
    public ListBoxModel doFillDatabaseCredentialsIdItems(@AncestorInPath Item item,
            @QueryParameter String databaseCredentialsId) {
        if (item == null ? !jenkins.hasPermission(Jenkins.ADMINISTER)
                : !item.hasPermission(Item.EXTENDED_READ) && !item.hasPermission(CredentialsProvider.USE_ITEM)) {
            return new StandardListBoxModel().includeCurrentValue(databaseCredentialsId);
        }
        return Validations.credentialsItems(item, CredentialKinds.database(), databaseCredentialsId);
    }

    /** Form checks answer only who may configure the job, or, outside a job (the Snippet Generator), administer Jenkins. */
    protected void checkPermission(Item item) {
        if (item == null) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
        } else {
            item.checkPermission(Item.CONFIGURE);
        }
    }

    /** A component of the saved global plan, or a warning (the step may name its own configFile). */
    protected FormValidation checkComponent(String value) {
        if (value == null || value.isBlank()) {
            return FormValidation.error(Messages.DrStepDescriptor_componentRequired());
        }
        if (!DisasterRecoveryConfiguration.get().getComponentNames().contains(value.strip())) {
            return FormValidation.warning(Messages.DrStepDescriptor_notAGlobalComponent(
                    String.join(", ", DisasterRecoveryConfiguration.get().getComponentNames())));
        }
        return FormValidation.ok();
    }

    @POST
    public FormValidation doCheckConfigFile(@AncestorInPath Item item, @QueryParameter String value) {
        checkPermission(item);
        if (value != null && value.strip().startsWith("/")) {
            return FormValidation.warning(Messages.DrStepDescriptor_absoluteConfigFile());
        }
        return FormValidation.ok();
    }
}
