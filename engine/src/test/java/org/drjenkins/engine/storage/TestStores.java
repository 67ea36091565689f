package org.drjenkins.engine.storage;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.Role;

/** Connects to a {@link LocalS3Server} the way the product does, through {@link StoreConnector}. */
final class TestStores {

    /** S3's smallest part: uploads in tests cut many parts without much data. */
    static final UploadSettings SMALL_PARTS = new UploadSettings(UploadSettings.MIN_PART_SIZE, 4);

    private TestStores() {
    }

    static S3ObjectStore connect(LocalS3Server server, String bucket, UploadSettings settings) {
        Region region = new Region("us-east-1", Role.PRIMARY, bucket, server.endpoint());
        S3ObjectStore store = StoreConnector.connect(region, server.credentials(), settings);
        store.createBucketIfMissing();
        return store;
    }

    static S3ObjectStore connect(LocalS3Server server, String bucket) {
        return connect(server, bucket, SMALL_PARTS);
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    static String sha256Hex(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
