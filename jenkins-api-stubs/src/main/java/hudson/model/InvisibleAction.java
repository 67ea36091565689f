package hudson.model;

/** Stub of Jenkins core {@code hudson.model.InvisibleAction}. */
public abstract class InvisibleAction implements Action {
    @Override
    public final String getIconFileName() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public final String getDisplayName() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public String getUrlName() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }
}
