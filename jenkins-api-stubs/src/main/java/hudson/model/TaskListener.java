package hudson.model;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Serializable;

/**
 * Stub of Jenkins core {@code hudson.model.TaskListener}. The real interface extends
 * {@code SerializableOnlyOverRemoting}, a {@link Serializable}.
 */
public interface TaskListener extends Serializable {
    PrintStream getLogger();

    default void hyperlink(String url, String text) throws IOException {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    default PrintWriter error(String msg) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    default PrintWriter error(String format, Object... args) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    default PrintWriter fatalError(String msg) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }
}
