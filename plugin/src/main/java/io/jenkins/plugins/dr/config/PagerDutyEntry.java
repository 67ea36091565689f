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

    /** The same settings with another credential: an import keeps the id it cannot know. */
    PagerDutyEntry withCredentialsId(String id) {
        PagerDutyEntry copy = new PagerDutyEntry(id);
        copy.setEndpoint(endpoint);
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
        public FormValidation doCheckEndpoint(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(IncidentChecks.channelEndpoint("pagerduty", value));
        }
    }
}
