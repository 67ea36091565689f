package io.jenkins.plugins.dr.config;

/**
 * The outcome of checking one form field, independent of Jenkins' FormValidation so that the checks are tested
 * without a running Jenkins.
 */
public record Check(Kind kind, String message) {

    /** As FormValidation.Kind. */
    public enum Kind {
        OK, WARNING, ERROR
    }

    private static final Check OK = new Check(Kind.OK, null);

    public static Check ok() {
        return OK;
    }

    /** Fine, with a remark worth showing (e.g. what saving will do). */
    public static Check ok(String message) {
        return new Check(Kind.OK, message);
    }

    public static Check warning(String message) {
        return new Check(Kind.WARNING, message);
    }

    public static Check error(String message) {
        return new Check(Kind.ERROR, message);
    }
}
