package org.jenkinsci.plugins.plaincredentials;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.util.Secret;

/** Stub of plain-credentials' {@code StringCredentials} ("Secret text"). */
public interface StringCredentials extends StandardCredentials {
    Secret getSecret();
}
