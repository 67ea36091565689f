package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;

/** Stub of credentials' {@code IdCredentials}. */
public interface IdCredentials extends Credentials {
    String getId();
}
