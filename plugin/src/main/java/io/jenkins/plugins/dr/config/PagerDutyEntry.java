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
 * Paging through PagerDuty's Events API v2 ({@code notifications.pagerduty}). The routing key pages people, so it is a
 * secret text credential referenced by id; dr.yaml only names the environment variable the step fills from it.
 */
public class PagerDutyEntry extends AbstractDescribableImpl<PagerDutyEntry> {
    private final String routingKeyCredentialsId;
    private String endpoint;
    private String webhookSecretCredentialsId;

    @DataBoundConstructor
    public PagerDutyEntry(String routingKeyCredentialsId) {
        this.routingKeyCredentialsId = Text.trimmed(routingKeyCredentialsId);
    }

    public String getRoutingKeyCredentialsId() {
        return routingKeyCredentialsId;
    }

    public String getEndpoint() {
        return endpoint;
    }

    /** Empty: https://events.pagerduty.com; another URL for a proxy or a test endpoint. */
    @DataBoundSetter
    public void setEndpoint(String endpoint) {
        this.endpoint = Text.trimmed(endpoint);
    }

    public String getWebhookSecretCredentialsId() {
        return webhookSecretCredentialsId;
    }

    /**
     * The secret text credential holding the signing secret of the PagerDuty webhook subscription that posts to
     * {@code /dr-pagerduty/}; empty: acknowledgements made in PagerDuty do not reach Jenkins.
     */
    @DataBoundSetter
    public void setWebhookSecretCredentialsId(String webhookSecretCredentialsId) {
        this.webhookSecretCredentialsId = Text.trimmed(webhookSecretCredentialsId);
    }

    /** These settings with the credentials of {@code previous}: an import keeps the ids dr.yaml cannot carry. */
    PagerDutyEntry withCredentialsOf(PagerDutyEntry previous) {
        PagerDutyEntry copy = new PagerDutyEntry(previous == null ? null : previous.routingKeyCredentialsId);
        copy.setEndpoint(endpoint);
        copy.setWebhookSecretCredentialsId(previous == null ? null : previous.webhookSecretCredentialsId);
        return copy;
    }

    /** Form validation of the PagerDuty channel. */
    @Extension
    public static class DescriptorImpl extends Descriptor<PagerDutyEntry> {
        private final transient JenkinsFacade jenkins = new JenkinsFacade();

        @Override
        public String getDisplayName() {
            return Messages.PagerDutyEntry_displayName();
        }

        @POST
        public FormValidation doCheckRoutingKeyCredentialsId(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            if (value == null || value.isBlank()) {
                return FormValidation.error("Choose the secret text credential holding the integration key of the"
                        + " PagerDuty service: without it nobody is paged");
            }
            return Validations.credentialsId(value, StringCredentials.class, "secret text");
        }

        @POST
        public ListBoxModel doFillRoutingKeyCredentialsIdItems(@QueryParameter String routingKeyCredentialsId) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.credentialsItems(null, StringCredentials.class, routingKeyCredentialsId);
        }

        @POST
        public FormValidation doCheckWebhookSecretCredentialsId(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            if (value == null || value.isBlank()) {
                return FormValidation.warning(Messages.PagerDutyEntry_noWebhookSecret());
            }
            return Validations.credentialsId(value, StringCredentials.class, "secret text");
        }

        @POST
        public ListBoxModel doFillWebhookSecretCredentialsIdItems(@QueryParameter String webhookSecretCredentialsId) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.credentialsItems(null, StringCredentials.class, webhookSecretCredentialsId);
        }

        @POST
        public FormValidation doCheckEndpoint(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(IncidentChecks.channelEndpoint("pagerduty", value));
        }
    }
}
