package io.jenkins.plugins.dr.config;

import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import io.jenkins.plugins.dr.jenkins.JenkinsFacade;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** The recovery objectives of one component: {@code targets.<component>} in dr.yaml. */
public class TargetEntry extends AbstractDescribableImpl<TargetEntry> {
    private final String component;
    private String rto;
    private String rpo;

    @DataBoundConstructor
    public TargetEntry(String component) {
        this.component = Text.trimmed(component);
    }

    public String getComponent() {
        return component;
    }

    public String getRto() {
        return rto;
    }

    /** How long a recovery may take, e.g. {@code 15m}; empty keeps the plan's value. */
    @DataBoundSetter
    public void setRto(String rto) {
        this.rto = Text.trimmed(rto);
    }

    public String getRpo() {
        return rpo;
    }

    /** How much data a recovery may lose, e.g. {@code 5m} or {@code 0s}; empty keeps the plan's value. */
    @DataBoundSetter
    public void setRpo(String rpo) {
        this.rpo = Text.trimmed(rpo);
    }

    /** Form validation of a target row. */
    @Extension
    public static class DescriptorImpl extends Descriptor<TargetEntry> {
        private final transient JenkinsFacade jenkins = new JenkinsFacade();

        @Override
        public String getDisplayName() {
            return Messages.TargetEntry_displayName();
        }

        @POST
        public FormValidation doCheckComponent(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(FieldChecks.targetComponent(value,
                    DisasterRecoveryConfiguration.get().getComponentNames()));
        }

        @POST
        public FormValidation doCheckRto(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(FieldChecks.rto(value));
        }

        @POST
        public FormValidation doCheckRpo(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(FieldChecks.rpo(value));
        }
    }
}
