package hudson;

import java.io.IOException;

/** Stub of Jenkins core {@code hudson.AbortException}. */
public final class AbortException extends IOException {
    private static final long serialVersionUID = 1L;

    public AbortException() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public AbortException(String message) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }
}
