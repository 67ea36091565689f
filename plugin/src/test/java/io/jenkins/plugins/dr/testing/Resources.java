package io.jenkins.plugins.dr.testing;

/** Closing what a test class started (servers, clusters), in order, whatever failed to start. */
public final class Resources {
    private Resources() {
    }

    /** Closes each one that exists; a failure does not keep the others open, and the first is thrown at the end. */
    public static void closeAll(AutoCloseable... resources) throws Exception {
        Exception first = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
