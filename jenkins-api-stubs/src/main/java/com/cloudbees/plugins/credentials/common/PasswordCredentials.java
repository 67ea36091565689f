package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;
import hudson.util.Secret;

/** Stub of credentials' {@code PasswordCredentials}. */
public interface PasswordCredentials extends Credentials {
    Secret getPassword();
}
