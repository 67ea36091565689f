package org.drjenkins.engine.storage;

import java.time.Duration;
import org.drjenkins.engine.config.Region;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the {@link ObjectStore} of one region of the plan. */
public final class StoreConnector {

    /** Four attempts with the standard backoff: a store that stays down fails the call in seconds, not minutes. */
    static final int MAX_ATTEMPTS = 4;

    private StoreConnector() {
    }

    public static S3ObjectStore connect(Region region, AwsCredentialsProvider credentials) {
        return connect(region, credentials, UploadSettings.DEFAULT);
    }

    public static S3ObjectStore connect(Region region, AwsCredentialsProvider credentials, UploadSettings upload) {
        return connect(region, credentials, upload, StoreTimeouts.DEFAULT);
    }

    /**
     * Every call of the store this returns ends in bounded time: a connect timeout, a progress watchdog on every attempt
     * (no byte moving for {@code timeouts.progress()} aborts it; the socket read timeout is twice that), an attempt timeout and a
     * call timeout over all attempts, with {@link #MAX_ATTEMPTS} attempts at most.
     */
    public static S3ObjectStore connect(Region region, AwsCredentialsProvider credentials, UploadSettings upload,
            StoreTimeouts timeouts) {
        SdkHttpClient http = new ProgressWatchdogHttpClient(ApacheHttpClient.builder()
                .connectionTimeout(timeouts.connect())
                // The watchdog ends a silent attempt first, with a message that says so; the read timeout is the bound
                // for reading a response body after the attempt returned (a streamed download).
                .socketTimeout(timeouts.progress().multipliedBy(2))
                .connectionAcquisitionTimeout(Duration.ofMinutes(2))
                .build(), timeouts.progress());
        S3ClientBuilder builder = S3Client.builder()
                .region(software.amazon.awssdk.regions.Region.of(region.name()))
                .credentialsProvider(credentials)
                .httpClient(http)
                // We send our own SHA-256 (x-amz-checksum-sha256) where it matters; the SDK's default CRC32 on
                // every request would add aws-chunked trailers that S3-compatible stores handle unevenly.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o
                        .apiCallAttemptTimeout(timeouts.attempt())
                        .apiCallTimeout(timeouts.call())
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build()));
        if (region.endpoint() != null) {
            builder.endpointOverride(region.endpoint()).forcePathStyle(true);
        }
        S3Client client;
        try {
            client = builder.build();
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
        // The SDK does not close an HTTP client it was given: the store closes both.
        return new S3ObjectStore(client, region.name(), region.bucket(), region.endpoint(),
                accessKeyIdOf(credentials), upload, timeouts.probe(), http);
    }

    /** The key id only (never the secret); null when the provider cannot resolve now, e.g. no credentials yet. */
    private static String accessKeyIdOf(AwsCredentialsProvider credentials) {
        try {
            return credentials.resolveCredentials().accessKeyId();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
