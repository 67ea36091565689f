package hudson.model;

import java.io.Serializable;

/** Stub of Jenkins core {@code hudson.model.Result} (final; the constants are placeholders read at run time). */
public final class Result implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final Result SUCCESS = null;
    public static final Result UNSTABLE = null;
    public static final Result FAILURE = null;
    public static final Result NOT_BUILT = null;
    public static final Result ABORTED = null;

    private Result() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public Result combine(Result that) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public boolean isWorseThan(Result that) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public boolean isWorseOrEqualTo(Result that) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public boolean isBetterThan(Result that) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public boolean isBetterOrEqualTo(Result that) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public boolean isCompleteBuild() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public String toString() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static Result fromString(String s) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }
}
