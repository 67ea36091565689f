package hudson;

import java.util.Map;
import java.util.TreeMap;

/** Stub of Jenkins core {@code hudson.EnvVars}. */
public class EnvVars extends TreeMap<String, String> {
    private static final long serialVersionUID = 1L;

    public EnvVars() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public EnvVars(Map<String, String> m) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public String expand(String s) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }
}
