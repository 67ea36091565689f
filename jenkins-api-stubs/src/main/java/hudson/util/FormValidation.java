package hudson.util;

import java.io.IOException;
import java.util.Collection;
import org.kohsuke.stapler.HttpResponse;

/** Stub of Jenkins core {@code hudson.util.FormValidation} (abstract, extends IOException). */
public abstract class FormValidation extends IOException implements HttpResponse {
    private static final long serialVersionUID = 1L;

    /** The kind of result. */
    public enum Kind {
        OK,
        WARNING,
        ERROR
    }

    public final Kind kind;

    private FormValidation() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static FormValidation ok() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static FormValidation ok(String message) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static FormValidation ok(String format, Object... args) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static FormValidation warning(String message) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static FormValidation warning(String format, Object... args) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static FormValidation warning(Throwable e, String message) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static FormValidation error(String message) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static FormValidation error(String format, Object... args) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static FormValidation error(Throwable e, String message) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static FormValidation aggregate(Collection<FormValidation> validations) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static FormValidation validateRequired(String value) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static FormValidation validatePositiveInteger(String value) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static FormValidation validateNonNegativeInteger(String value) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public abstract String renderHtml();
}
