package jenkins.model;

import hudson.ExtensionPoint;
import hudson.model.Action;
import java.util.Collection;

/** Stub of Jenkins core {@code jenkins.model.TransientActionFactory}. */
public abstract class TransientActionFactory<T> implements ExtensionPoint {
    public abstract Class<T> type();

    public Class<? extends Action> actionType() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public abstract Collection<? extends Action> createFor(T target);
}
