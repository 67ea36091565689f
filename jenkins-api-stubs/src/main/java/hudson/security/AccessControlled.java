package hudson.security;

import org.springframework.security.access.AccessDeniedException;

/** Stub of Jenkins core {@code hudson.security.AccessControlled}. */
public interface AccessControlled {
    ACL getACL();

    default void checkPermission(Permission permission) throws AccessDeniedException {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    default boolean hasPermission(Permission permission) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }
}
