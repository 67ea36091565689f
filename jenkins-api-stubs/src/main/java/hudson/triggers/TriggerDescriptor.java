package hudson.triggers;

import hudson.model.Descriptor;

/** Stub of Jenkins core {@code hudson.triggers.TriggerDescriptor} (no member used). */
public abstract class TriggerDescriptor extends Descriptor<Trigger<?>> {

    protected TriggerDescriptor() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }
}
