package com.cloudbees.plugins.credentials.common;

/** Stub of credentials' {@code StandardUsernameCredentials}. */
public interface StandardUsernameCredentials extends StandardCredentials, UsernameCredentials {
}
