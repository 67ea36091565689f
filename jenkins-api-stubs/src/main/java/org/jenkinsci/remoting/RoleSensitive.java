package org.jenkinsci.remoting;

/** Stub of Jenkins remoting {@code org.jenkinsci.remoting.RoleSensitive}. */
public interface RoleSensitive {
    void checkRoles(RoleChecker checker) throws SecurityException;
}
