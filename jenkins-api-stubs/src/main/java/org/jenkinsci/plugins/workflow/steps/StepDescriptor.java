package org.jenkinsci.plugins.workflow.steps;

import hudson.ExtensionList;
import hudson.model.Descriptor;
import java.util.Set;

/** Stub of workflow-step-api's {@code StepDescriptor}. */
public abstract class StepDescriptor extends Descriptor<Step> {
    public abstract Set<? extends Class<?>> getRequiredContext();

    public Set<? extends Class<?>> getProvidedContext() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public abstract String getFunctionName();

    public boolean takesImplicitBlockArgument() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public boolean isAdvanced() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public boolean isMetaStep() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static ExtensionList<StepDescriptor> all() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }
}
