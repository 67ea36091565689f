package hudson.triggers;

import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Item;

/** Stub of Jenkins core {@code hudson.triggers.Trigger} (abstract class; only the cron spec is read here). */
public abstract class Trigger<J extends Item> implements Describable<Trigger<?>>, ExtensionPoint {

    /** The real constructors parse a cron spec; plugins here never create triggers. */
    protected Trigger() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public final String getSpec() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public TriggerDescriptor getDescriptor() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }
}
