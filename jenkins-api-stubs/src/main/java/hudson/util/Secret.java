package hudson.util;

import java.io.Serializable;

/** Stub of Jenkins core {@code hudson.util.Secret} (final). */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;

    private Secret() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public String getPlainText() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public String getEncryptedValue() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static Secret fromString(String data) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static Secret decrypt(String data) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static String toString(Secret s) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }
}
