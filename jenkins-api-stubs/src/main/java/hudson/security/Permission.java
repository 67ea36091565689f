package hudson.security;

/** Stub of Jenkins core {@code hudson.security.Permission} (final; instances come from the real fields). */
public final class Permission {
    private Permission() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public String getId() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }
}
