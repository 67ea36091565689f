package io.jenkins.plugins.dr.config;

import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dr.jenkins.JenkinsFacade;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code incidents:} as the form holds it, text as typed: which event has which severity, the response SLAs and the
 * communication protocol's timings. A blank field keeps the plan's value (the engine's IncidentSettings defaults).
 */
public class IncidentEntry extends AbstractDescribableImpl<IncidentEntry> {
    private String detection;
    private List<SeverityEntry> severities = new ArrayList<>();
    private String escalateCritical;
    private String escalateHigh;
    private String escalateMedium;
    private String customerEmailAfter;
    private String executiveUpdateEvery;
    private String postMortemWithin;
    private String stakeholdersFrom;
    private String executivesFrom;

    @DataBoundConstructor
    public IncidentEntry() {
    }

    public String getDetection() {
        return detection;
    }

    /** How long the primary fails every check before the on-call is paged; empty: 30s. */
    @DataBoundSetter
    public void setDetection(String detection) {
        this.detection = Text.trimmed(detection);
    }

    public List<SeverityEntry> getSeverities() {
        return severities;
    }

    @DataBoundSetter
    public void setSeverities(List<SeverityEntry> severities) {
        this.severities = severities == null ? new ArrayList<>() : new ArrayList<>(severities);
    }

    public String getEscalateCritical() {
        return escalateCritical;
    }

    /** Empty: 0s, at once. */
    @DataBoundSetter
    public void setEscalateCritical(String escalateCritical) {
        this.escalateCritical = Text.trimmed(escalateCritical);
    }

    public String getEscalateHigh() {
        return escalateHigh;
    }

    /** Empty: 15m. */
    @DataBoundSetter
    public void setEscalateHigh(String escalateHigh) {
        this.escalateHigh = Text.trimmed(escalateHigh);
    }

    public String getEscalateMedium() {
        return escalateMedium;
    }

    /** Empty: 1h. */
    @DataBoundSetter
    public void setEscalateMedium(String escalateMedium) {
        this.escalateMedium = Text.trimmed(escalateMedium);
    }

    public String getCustomerEmailAfter() {
        return customerEmailAfter;
    }

    /** Empty: 5m. */
    @DataBoundSetter
    public void setCustomerEmailAfter(String customerEmailAfter) {
        this.customerEmailAfter = Text.trimmed(customerEmailAfter);
    }

    public String getExecutiveUpdateEvery() {
        return executiveUpdateEvery;
    }

    /** Empty: 15m. */
    @DataBoundSetter
    public void setExecutiveUpdateEvery(String executiveUpdateEvery) {
        this.executiveUpdateEvery = Text.trimmed(executiveUpdateEvery);
    }

    public String getPostMortemWithin() {
        return postMortemWithin;
    }

    /** Empty: 24h. */
    @DataBoundSetter
    public void setPostMortemWithin(String postMortemWithin) {
        this.postMortemWithin = Text.trimmed(postMortemWithin);
    }

    public String getStakeholdersFrom() {
        return stakeholdersFrom;
    }

    /** The lowest severity whose incidents reach stakeholders; empty: critical. */
    @DataBoundSetter
    public void setStakeholdersFrom(String stakeholdersFrom) {
        this.stakeholdersFrom = Text.trimmed(stakeholdersFrom);
    }

    public String getExecutivesFrom() {
        return executivesFrom;
    }

    /** The lowest severity whose incidents reach executives; empty: high. */
    @DataBoundSetter
    public void setExecutivesFrom(String executivesFrom) {
        this.executivesFrom = Text.trimmed(executivesFrom);
    }

    /** Form validation of the incident settings: each field judged by the engine's reader in a sample plan. */
    @Extension
    public static class DescriptorImpl extends Descriptor<IncidentEntry> {
        private final transient JenkinsFacade jenkins = new JenkinsFacade();

        @Override
        public String getDisplayName() {
            return Messages.IncidentEntry_displayName();
        }

        @POST
        public FormValidation doCheckDetection(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(IncidentChecks.incidentField("detection", value));
        }

        @POST
        public FormValidation doCheckEscalateCritical(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(IncidentChecks.escalation("critical", value));
        }

        @POST
        public FormValidation doCheckEscalateHigh(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(IncidentChecks.escalation("high", value));
        }

        @POST
        public FormValidation doCheckEscalateMedium(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(IncidentChecks.escalation("medium", value));
        }

        @POST
        public FormValidation doCheckCustomerEmailAfter(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(IncidentChecks.incidentField("customerEmailAfter", value));
        }

        @POST
        public FormValidation doCheckExecutiveUpdateEvery(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(IncidentChecks.incidentField("executiveUpdateEvery", value));
        }

        @POST
        public FormValidation doCheckPostMortemWithin(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(IncidentChecks.incidentField("postMortemWithin", value));
        }

        @POST
        public ListBoxModel doFillStakeholdersFromItems() {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return severityChoices("critical");
        }

        @POST
        public ListBoxModel doFillExecutivesFromItems() {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return severityChoices("high");
        }

        private static ListBoxModel severityChoices(String planDefault) {
            ListBoxModel choices = new ListBoxModel();
            choices.add("plan default: " + planDefault, "");
            IncidentChecks.SEVERITIES.forEach(s -> choices.add(s, s));
            return choices;
        }
    }
}
