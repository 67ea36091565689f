package org.jenkinsci.remoting;

/** Stub of Jenkins remoting {@code org.jenkinsci.remoting.RoleChecker} (members not used here). */
public abstract class RoleChecker {
}
