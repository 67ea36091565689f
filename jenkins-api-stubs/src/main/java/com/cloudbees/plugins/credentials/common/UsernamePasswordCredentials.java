package com.cloudbees.plugins.credentials.common;

/** Stub of credentials' {@code UsernamePasswordCredentials}. */
public interface UsernamePasswordCredentials extends UsernameCredentials, PasswordCredentials {
}
