package hudson.model;

import java.util.List;

/**
 * Stub of Jenkins core {@code hudson.model.Actionable}. The real class extends {@code AbstractModelObject};
 * that supertype is left out because nothing here uses it (leaving a supertype out is link-safe, adding one is not).
 */
public abstract class Actionable {
    @Deprecated
    public List<Action> getActions() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public final List<? extends Action> getAllActions() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public <T extends Action> List<T> getActions(Class<T> type) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public void addAction(Action a) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public void replaceAction(Action a) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public boolean addOrReplaceAction(Action a) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public boolean removeAction(Action a) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public boolean removeActions(Class<? extends Action> clazz) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public <T extends Action> T getAction(Class<T> type) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }
}
