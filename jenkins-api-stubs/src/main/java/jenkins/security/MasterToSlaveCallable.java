package jenkins.security;

import hudson.remoting.Callable;
import org.jenkinsci.remoting.RoleChecker;

/** Stub of Jenkins core {@code jenkins.security.MasterToSlaveCallable}: a callable that may run on an agent. */
public abstract class MasterToSlaveCallable<V, T extends Throwable> implements Callable<V, T> {
    private static final long serialVersionUID = 1L;

    @Override
    public void checkRoles(RoleChecker checker) throws SecurityException {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }
}
