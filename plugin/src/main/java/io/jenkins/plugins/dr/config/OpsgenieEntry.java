package io.jenkins.plugins.dr.config;

import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dr.jenkins.JenkinsFacade;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Paging through Opsgenie's Alert API ({@code notifications.opsgenie}). The API key creates alerts that page people, so it is a
 * secret text credential referenced by id; dr.yaml only names the environment variable the step fills from it.
 */
public class OpsgenieEntry extends AbstractDescribableImpl<OpsgenieEntry> {
    private final String apiKeyCredentialsId;
    private String endpoint;

    @DataBoundConstructor
    public OpsgenieEntry(String apiKeyCredentialsId) {
        this.apiKeyCredentialsId = Text.trimmed(apiKeyCredentialsId);
    }

    public String getApiKeyCredentialsId() {
        return apiKeyCredentialsId;
    }

    public String getEndpoint() {
        return endpoint;
    }

    /** Empty: https://api.opsgenie.com (EU accounts: https://api.eu.opsgenie.com); another URL for a proxy or a test endpoint. */
    @DataBoundSetter
    public void setEndpoint(String endpoint) {
        this.endpoint = Text.trimmed(endpoint);
    }

    /** The same settings with another credential: an import keeps the id it cannot know. */
    OpsgenieEntry withCredentialsId(String id) {
        OpsgenieEntry copy = new OpsgenieEntry(id);
        copy.setEndpoint(endpoint);
        return copy;
    }

    /** Form validation of the Opsgenie channel. */
    @Extension
    public static class DescriptorImpl extends Descriptor<OpsgenieEntry> {
        private final transient JenkinsFacade jenkins = new JenkinsFacade();

        @Override
        public String getDisplayName() {
            return Messages.OpsgenieEntry_displayName();
        }

        @POST
        public FormValidation doCheckApiKeyCredentialsId(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            if (value == null || value.isBlank()) {
                return FormValidation.error("Choose the secret text credential holding the API key of an Opsgenie"
                        + " API integration: without it no alert is created");
            }
            return Validations.credentialsId(value, StringCredentials.class, "secret text");
        }

        @POST
        public ListBoxModel doFillApiKeyCredentialsIdItems(@QueryParameter String apiKeyCredentialsId) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.credentialsItems(null, StringCredentials.class, apiKeyCredentialsId);
        }

        @POST
        public FormValidation doCheckEndpoint(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(IncidentChecks.channelEndpoint("opsgenie", value));
        }
    }
}
