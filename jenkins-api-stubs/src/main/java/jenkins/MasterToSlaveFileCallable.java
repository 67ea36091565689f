package jenkins;

import hudson.FilePath;
import org.jenkinsci.remoting.RoleChecker;

/** Stub of Jenkins core {@code jenkins.MasterToSlaveFileCallable}: a file callable that may run on an agent. */
public abstract class MasterToSlaveFileCallable<T> implements FilePath.FileCallable<T> {
    private static final long serialVersionUID = 1L;

    @Override
    public void checkRoles(RoleChecker checker) throws SecurityException {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }
}
