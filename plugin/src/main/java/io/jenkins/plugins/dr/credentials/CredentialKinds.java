package io.jenkins.plugins.dr.credentials;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import java.util.Optional;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Which credential types each setting accepts. aws-credentials is an optional dependency: its type is looked up by
 * name, so nothing here links against it when it is not installed.
 */
public final class CredentialKinds {
    static final String AWS_CREDENTIALS_TYPE = "com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials";

    private CredentialKinds() {
    }

    /** The aws-credentials plugin's credential type, when that plugin is installed. */
    public static Optional<Class<?>> awsCredentialsType() {
        try {
            return Optional.of(Class.forName(AWS_CREDENTIALS_TYPE, false, CredentialKinds.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** AWS keys: an "AWS Credentials" entry, or username (access key id) / password (secret access key). */
    public static CredentialsMatcher aws() {
        CredentialsMatcher usernamePassword = CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class);
        return awsCredentialsType().map(type -> CredentialsMatchers.anyOf(usernamePassword, CredentialsMatchers.instanceOf(type)))
                .orElse(usernamePassword);
    }

    /** The database password: username/password (the user itself comes from the component's URL). */
    public static CredentialsMatcher database() {
        return CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class);
    }

    /** The age identity (AGE-SECRET-KEY-1…): secret text, or a secret file as age-keygen writes it. */
    public static CredentialsMatcher ageIdentity() {
        return CredentialsMatchers.anyOf(CredentialsMatchers.instanceOf(StringCredentials.class),
                CredentialsMatchers.instanceOf(FileCredentials.class));
    }
}
