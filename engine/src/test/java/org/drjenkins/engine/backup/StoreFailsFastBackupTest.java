package org.drjenkins.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.failover.RecordingProgress;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.StoreConnector;
import org.drjenkins.engine.testing.S3Fixture;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A backup checks its store before the source starts: a missing bucket, wrong keys and a refused port each fail in
 * seconds with the real cause, run no source, and never claim an upload that was not made could not be aborted.
 */
public class StoreFailsFastBackupTest {

    @ClassRule
    public static final S3Fixture S3 = new S3Fixture();

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void missingBucketFailsFastNamingTheBucketAndRunsNoSource() throws Exception {
        Failure failure = backUp(S3.server().endpoint(), "no-such-bucket", S3.server().credentials());

        assertThat(failure.error()).hasMessageContaining("s3://no-such-bucket/: the store check failed (endpoint "
                + S3.server().endpoint() + ") (404 NoSuchBucket): create the bucket or fix the region's bucket name");
        failure.assertFastWithoutSourceOrAbortMessage();
    }

    @Test
    public void wrongKeysFailFastNamingTheCredentials() throws Exception {
        S3Fixture.createBuckets(S3.server(), "wrong-keys");
        AwsCredentialsProvider wrong = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAWRONGWRONG", "not-the-secret"));

        Failure failure = backUp(S3.server().endpoint(), "wrong-keys", wrong);

        assertThat(failure.error()).hasMessageContaining("s3://wrong-keys/: the store check failed")
                .hasMessageContaining("(403 ").hasMessageContaining("check the region's credentials and the bucket policy")
                .hasMessageNotContaining("not-the-secret");
        failure.assertFastWithoutSourceOrAbortMessage();
    }

    @Test
    public void refusedPortFailsFastSayingTheStoreIsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }

        Failure failure = backUp(URI.create("http://127.0.0.1:" + port), "refused", S3.server().credentials());

        assertThat(failure.error()).hasMessageContaining("s3://refused/: the store check failed (endpoint http://127.0.0.1:" + port + ")")
                .hasMessageContaining("Connection refused").hasMessageContaining("is the store reachable at its endpoint?");
        failure.assertFastWithoutSourceOrAbortMessage();
    }

    private record Failure(Throwable error, double seconds, boolean sourceRan, RecordingProgress progress, String what) {
        void assertFastWithoutSourceOrAbortMessage() {
            System.out.printf("StoreFailsFastBackupTest: %s failed in %.2f s: %s%n", what, seconds, error.getMessage());
            assertThat(error).isInstanceOf(BackupException.class).hasMessageStartingWith("app: backup failed, nothing stored: ");
            assertThat(seconds).isLessThan(5.0);
            assertThat(sourceRan).as("the source must not start when the store check fails").isFalse();
            assertThat(progress.toString()).doesNotContain("could not abort").doesNotContain("lifecycle rule")
                    .doesNotContain("aborting the unfinished upload");
        }
    }

    private Failure backUp(URI endpoint, String bucket, AwsCredentialsProvider credentials) throws Exception {
        Path ran = temp.getRoot().toPath().resolve("source-ran-" + bucket);
        DrConfig config = ConfigLoader.parse("regions:\n"
                + "  - { name: us-east-1, role: primary, bucket: " + bucket + ", endpoint: \"" + endpoint + "\" }\n"
                + "components:\n  app: { type: command, command: \"touch " + ran + "; printf data\" }\n", "test dr.yaml");
        RecordingProgress progress = new RecordingProgress();
        BackupService service = new BackupService(config, new Secrets(credentials, Optional.empty(), List.of(), Optional.empty()),
                region -> StoreConnector.connect(region, credentials), Clock.systemUTC(), progress, Duration.ofSeconds(30));
        long start = System.nanoTime();
        Throwable error = catchThrowable(() -> service.run(BackupRequest.of("app")));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(error).as("the backup must fail").isNotNull();
        return new Failure(error, seconds, Files.exists(ran), progress, bucket);
    }
}
