package hudson.security;

import org.springframework.security.core.Authentication;

/** Stub of Jenkins core {@code hudson.security.ACL}; SYSTEM2 is a placeholder read at run time. */
public abstract class ACL {
    public static final Authentication SYSTEM2 = null;
}
