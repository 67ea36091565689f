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
 * Where incident notices go during a failover. The URL is a secret (Slack's carries its token in the path), so it
 * is a "secret text" credential referenced by id, never a field of this configuration.
 */
public class WebhookEntry extends AbstractDescribableImpl<WebhookEntry> {
    private final String name;
    private final String format;
    private final String urlCredentialsId;
    private String audiences;

    @DataBoundConstructor
    public WebhookEntry(String name, String format, String urlCredentialsId) {
        this.name = Text.trimmed(name);
        this.format = Text.trimmed(format);
        this.urlCredentialsId = Text.trimmed(urlCredentialsId);
    }

    public String getName() {
        return name;
    }

    /** slack (posts {@code {"text": …}}) or json (posts every field). */
    public String getFormat() {
        return format;
    }

    public String getUrlCredentialsId() {
        return urlCredentialsId;
    }

    public String getAudiences() {
        return audiences;
    }

    /**
     * Who this webhook is for (the plan's per-channel routing): incidents, on-call, stakeholders, executives, comma
     * separated; empty: incidents.
     */
    @DataBoundSetter
    public void setAudiences(String audiences) {
        this.audiences = Text.trimmed(audiences);
    }

    /** Form validation of a webhook row. */
    @Extension
    public static class DescriptorImpl extends Descriptor<WebhookEntry> {
        private final transient JenkinsFacade jenkins = new JenkinsFacade();

        @Override
        public String getDisplayName() {
            return Messages.WebhookEntry_displayName();
        }

        @POST
        public FormValidation doCheckName(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(FieldChecks.webhookName(value));
        }

        @POST
        public FormValidation doCheckFormat(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(FieldChecks.webhookFormat(value));
        }

        @POST
        public ListBoxModel doFillFormatItems() {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            ListBoxModel formats = new ListBoxModel();
            FieldChecks.WEBHOOK_FORMATS.forEach(format -> formats.add(format, format));
            return formats;
        }

        @POST
        public FormValidation doCheckAudiences(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(IncidentChecks.webhookAudiences(value));
        }

        @POST
        public FormValidation doCheckUrlCredentialsId(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.credentialsId(value, StringCredentials.class, "secret text");
        }

        @POST
        public ListBoxModel doFillUrlCredentialsIdItems(@QueryParameter String urlCredentialsId) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.credentialsItems(null, StringCredentials.class, urlCredentialsId);
        }
    }
}
