package io.jenkins.plugins.dr.config;

import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dr.jenkins.JenkinsFacade;
import jenkins.model.Jenkins;
import org.drjenkins.engine.config.IncidentEvent;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** One line of {@code incidents.severities}: the severity an event opens its incident with, over the plan's. */
public class SeverityEntry extends AbstractDescribableImpl<SeverityEntry> {
    private final String event;
    private final String severity;

    @DataBoundConstructor
    public SeverityEntry(String event, String severity) {
        this.event = Text.trimmed(event);
        this.severity = Text.trimmed(severity);
    }

    public String getEvent() {
        return event;
    }

    public String getSeverity() {
        return severity;
    }

    /** Form choices and validation of a severity row. */
    @Extension
    public static class DescriptorImpl extends Descriptor<SeverityEntry> {
        private final transient JenkinsFacade jenkins = new JenkinsFacade();

        @Override
        public String getDisplayName() {
            return Messages.SeverityEntry_displayName();
        }

        /** The engine's events, each with the plan's severity so the choice shows what it overrides. */
        @POST
        public ListBoxModel doFillEventItems() {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            ListBoxModel events = new ListBoxModel();
            for (IncidentEvent e : IncidentEvent.values()) {
                events.add(e.yamlName() + ", plan: " + IncidentChecks.severityName(e), e.yamlName());
            }
            return events;
        }

        @POST
        public ListBoxModel doFillSeverityItems() {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            ListBoxModel severities = new ListBoxModel();
            IncidentChecks.SEVERITIES.forEach(s -> severities.add(s, s));
            return severities;
        }

        @POST
        public FormValidation doCheckSeverity(@QueryParameter String value, @QueryParameter String event) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(IncidentChecks.severity(event, value));
        }
    }
}
