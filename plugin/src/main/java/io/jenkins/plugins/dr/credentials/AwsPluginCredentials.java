package io.jenkins.plugins.dr.credentials;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The only class that links against the optional aws-credentials plugin. It is loaded only once a credential has been
 * found to be of that plugin's type (see {@link CredentialKinds#awsCredentialsType()}), so a Jenkins without the
 * plugin never resolves it.
 */
public final class AwsPluginCredentials {
    private AwsPluginCredentials() {
    }

    /** Resolves on the controller: for an IAM role entry this assumes the role and yields temporary keys. */
    public static AwsKeys resolve(StandardCredentials credential) {
        AwsCredentials resolved = ((AmazonWebServicesCredentials) credential).resolveCredentials();
        String session = resolved instanceof AwsSessionCredentials temporary ? temporary.sessionToken() : null;
        return new AwsKeys(resolved.accessKeyId(), resolved.secretAccessKey(), session);
    }
}
