package com.cloudbees.plugins.credentials;

import java.io.Serializable;

/** Stub of credentials' {@code CredentialsMatcher}. */
public interface CredentialsMatcher extends Serializable {
    boolean matches(Credentials item);
}
