package com.cloudbees.jenkins.plugins.awscredentials;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Stub of aws-credentials' {@code AmazonWebServicesCredentials}. The real interface also extends the SDK v1
 * {@code com.amazonaws.auth.AWSCredentialsProvider}; that supertype is left out so nothing here can use SDK v1.
 */
public interface AmazonWebServicesCredentials extends StandardCredentials, AwsCredentialsProvider {
    String getDisplayName();

    AwsCredentials resolveCredentials(String mfaToken);
}
