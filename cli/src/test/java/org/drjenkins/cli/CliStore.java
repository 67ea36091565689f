package org.drjenkins.cli;

import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.Role;
import org.drjenkins.engine.storage.LocalS3Server;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreConnector;

/**
 * The project's S3 store as the dr command's tests use it, one per test class. The command takes its AWS credentials
 * from the SDK's default chain, which reads the {@code aws.accessKeyId} and {@code aws.secretAccessKey} system
 * properties: starting the store sets them, stopping it clears them, so no class reaches another class's store.
 */
final class CliStore {

    private CliStore() {
    }

    /** A fresh store with these buckets, its keys where the command looks for them. */
    static LocalS3Server start(String... buckets) {
        LocalS3Server s3 = LocalS3Server.start();
        System.setProperty("aws.accessKeyId", s3.accessKeyId());
        System.setProperty("aws.secretAccessKey", s3.secretAccessKey());
        for (String bucket : buckets) {
            try (ObjectStore store = StoreConnector.connect(new Region("us-east-1", Role.PRIMARY, bucket, s3.endpoint()),
                    s3.credentials())) {
                store.createBucketIfMissing();
            }
        }
        return s3;
    }

    /** Clears the keys, then stops the store. */
    static void stop(LocalS3Server s3) {
        forgetKeys();
        if (s3 != null) {
            s3.close();
        }
    }

    /** Clears the keys only, for classes that stop their store among other servers. */
    static void forgetKeys() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }
}
