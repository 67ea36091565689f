package org.drjenkins.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.Role;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Exception;

public class S3ObjectStoreTest {

    private static final int MIB = 1024 * 1024;

    private static LocalS3Server server;
    private static LocalS3Server otherServer;
    private static S3ObjectStore primary;
    private static S3ObjectStore secondary;
    private static S3ObjectStore elsewhere;

    @BeforeClass
    public static void startStores() {
        server = LocalS3Server.start();
        otherServer = LocalS3Server.start();
        primary = TestStores.connect(server, "primary");
        secondary = TestStores.connect(server, "secondary");
        elsewhere = TestStores.connect(otherServer, "elsewhere");
    }

    @AfterClass
    public static void stopStores() {
        for (S3ObjectStore store : new S3ObjectStore[] {primary, secondary, elsewhere}) {
            if (store != null) {
                store.close();
            }
        }
        if (server != null) {
            server.close();
        }
        if (otherServer != null) {
            otherServer.close();
        }
    }

    @Test
    public void putBytesStoresTheContentAndReturnsItsSha256() throws Exception {
        byte[] manifest = "{\"id\":\"20260125T021500Z-3f9a\"}".getBytes();
        StoredObject stored = primary.putBytes("put/manifest.json", manifest, "application/json");
        assertThat(stored).isEqualTo(new StoredObject("put/manifest.json", manifest.length,
                TestStores.sha256Hex(manifest)));
        assertThat(primary.getBytes("put/manifest.json")).get().isEqualTo(manifest);
        assertThat(primary.client().headObject(b -> b.bucket("primary").key("put/manifest.json")).contentType())
                .isEqualTo("application/json");
    }

    @Test
    public void storeRefusesAnObjectWhosePrecomputedSha256DoesNotMatch() {
        // What putBytes and every part rely on: the store checks x-amz-checksum-sha256 and refuses a mismatch.
        String sha256OfOtherBytes = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
        assertThatThrownBy(() -> primary.client().putObject(b -> b.bucket("primary").key("put/corrupt.bin")
                .checksumSHA256(sha256OfOtherBytes), RequestBody.fromString("not empty")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(400));
        assertThat(primary.head("put/corrupt.bin")).isEmpty();
    }

    @Test
    public void storeRefusesAPartWhosePrecomputedSha256DoesNotMatch() {
        String uploadId = primary.client().createMultipartUpload(b -> b.bucket("primary").key("put/part.bin")
                .checksumAlgorithm("SHA256")).uploadId();
        try {
            assertThatThrownBy(() -> primary.client().uploadPart(b -> b.bucket("primary").key("put/part.bin")
                            .uploadId(uploadId).partNumber(1)
                            .checksumSHA256("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="),
                    RequestBody.fromString("not empty")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(400));
        } finally {
            primary.client().abortMultipartUpload(b -> b.bucket("primary").key("put/part.bin").uploadId(uploadId));
        }
    }

    @Test
    public void missingKeyGivesEmptyAnswers() {
        assertThat(primary.getBytes("missing/nothing")).isEmpty();
        assertThat(primary.head("missing/nothing")).isEmpty();
        assertThat(primary.list("missing/")).isEmpty();
        assertThat(primary.listFolders("missing/")).isEmpty();
        assertThatThrownBy(() -> primary.open("missing/nothing")).isInstanceOf(StoreException.class)
                .hasMessage("s3://primary/missing/nothing: object not found");
    }

    @Test
    public void headDescribesTheObject() {
        primary.putBytes("head/h.bin", new byte[1234], "application/octet-stream");
        ObjectInfo info = primary.head("head/h.bin").orElseThrow();
        assertThat(info.key()).isEqualTo("head/h.bin");
        assertThat(info.size()).isEqualTo(1234);
        assertThat(info.lastModified()).isNotNull();
    }

    @Test
    public void listReturnsEveryObjectUnderThePrefixAcrossPagesSortedByKey() throws Exception {
        // More than one ListObjectsV2 page (1,000 keys), stored in parallel to keep the test short.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<StoredObject>> puts = new ArrayList<>();
            for (int i = 1050; i > 0; i--) {
                String key = String.format("many/%05d.json", i);
                puts.add(pool.submit(() -> primary.putBytes(key, new byte[] {1}, "application/json")));
            }
            for (Future<StoredObject> put : puts) {
                put.get();
            }
        } finally {
            pool.shutdownNow();
        }
        primary.putBytes("many-not/outside.json", new byte[] {1}, "application/json");

        List<ObjectInfo> listed = primary.list("many/");

        assertThat(listed).hasSize(1050);
        assertThat(listed.get(0).key()).isEqualTo("many/00001.json");
        assertThat(listed.get(1049).key()).isEqualTo("many/01050.json");
        assertThat(listed).extracting(ObjectInfo::key).isSorted();
        assertThat(listed).allSatisfy(info -> assertThat(info.size()).isEqualTo(1));
    }

    @Test
    public void listFoldersGivesTheFoldersDirectlyUnderThePrefix() {
        primary.putBytes("folders/database/20260125T021500Z-3f9a/manifest.json", new byte[] {1}, "application/json");
        primary.putBytes("folders/database/20260125T021500Z-3f9a/part-0001", new byte[] {1}, "application/json");
        primary.putBytes("folders/database/20260124T021500Z-1b2c/manifest.json", new byte[] {1}, "application/json");
        primary.putBytes("folders/database/loose.json", new byte[] {1}, "application/json");
        primary.putBytes("folders/jenkins-home/20260125T030000Z-aaaa/manifest.json", new byte[] {1},
                "application/json");

        assertThat(primary.listFolders("folders/")).containsExactly("folders/database/", "folders/jenkins-home/");
        assertThat(primary.listFolders("folders/database/")).containsExactly(
                "folders/database/20260124T021500Z-1b2c/", "folders/database/20260125T021500Z-3f9a/");
    }

    @Test
    public void deleteRemovesTheObjectAndIgnoresAMissingOne() {
        primary.putBytes("delete/d.bin", new byte[] {1, 2}, "application/octet-stream");
        primary.delete("delete/d.bin");
        assertThat(primary.head("delete/d.bin")).isEmpty();
        primary.delete("delete/d.bin");
        assertThat(primary.list("delete/")).isEmpty();
    }

    @Test
    public void copyBetweenBucketsOfOneStoreRunsServerSideAndPreservesBytes() throws Exception {
        byte[] data = TestStores.randomBytes(6 * MIB + 17, 21);
        try (UploadStream upload = primary.openUpload("copy/server-side.bin")) {
            upload.write(data);
            upload.complete();
        }
        // A store whose client is closed can serve no bytes: the copy can only have run inside the server.
        S3ObjectStore closedSource = TestStores.connect(server, "primary");
        closedSource.close();

        ObjectInfo copied = secondary.copyFrom(closedSource, "copy/server-side.bin");

        assertThat(copied.key()).isEqualTo("copy/server-side.bin");
        assertThat(copied.size()).isEqualTo(data.length);
        assertThat(secondary.getBytes("copy/server-side.bin")).get().isEqualTo(data);
    }

    @Test
    public void copyOfAnObjectOverTheSingleCopyLimitRunsPartByPartAndPreservesBytes() throws Exception {
        byte[] data = TestStores.randomBytes(13 * MIB + 5, 22);
        primary.putBytes("copy/large.bin", data, "application/octet-stream");
        S3ObjectStore target = TestStores.connect(server, "secondary");
        try {
            target.copyLimitsForTest(8 * MIB, 5 * MIB);
            ObjectInfo copied = target.copyFrom(primary, "copy/large.bin");
            assertThat(copied.size()).isEqualTo(data.length);
            assertThat(target.getBytes("copy/large.bin")).get().isEqualTo(data);
            assertThat(target.unfinishedUploads("copy/")).isEmpty();
        } finally {
            target.close();
        }
    }

    @Test
    public void copyBetweenTwoServersStreamsAndPreservesBytes() throws Exception {
        byte[] data = TestStores.randomBytes(12 * MIB + 3, 23);
        try (UploadStream upload = primary.openUpload("copy/streamed.bin")) {
            upload.write(data);
            upload.complete();
        }

        ObjectInfo copied = elsewhere.copyFrom(primary, "copy/streamed.bin");

        assertThat(copied.size()).isEqualTo(data.length);
        try (InputStream in = elsewhere.open("copy/streamed.bin")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(elsewhere.unfinishedUploads("")).isEmpty();
    }

    @Test
    public void copyOfAMissingObjectNamesTheSource() {
        assertThatThrownBy(() -> secondary.copyFrom(primary, "copy/absent.bin")).isInstanceOf(StoreException.class)
                .hasMessage("s3://primary/copy/absent.bin: object to copy not found");
        assertThatThrownBy(() -> elsewhere.copyFrom(primary, "copy/absent.bin")).isInstanceOf(StoreException.class)
                .hasMessage("s3://primary/copy/absent.bin: object not found");
    }

    @Test
    public void unfinishedUploadsListsUploadsUnderThePrefixOnly() throws Exception {
        try (MultipartUploadStream inside = primary.openUpload("unfinished/a.bin");
             MultipartUploadStream outside = primary.openUpload("finished-elsewhere/b.bin")) {
            inside.write(new byte[6 * MIB]);
            outside.write(new byte[6 * MIB]);
            assertThat(primary.unfinishedUploads("unfinished/")).containsExactly("unfinished/a.bin");
        }
        assertThat(primary.unfinishedUploads("unfinished/")).isEmpty();
    }

    @Test
    public void abortUnfinishedUploadsRemovesLeftoverUploads() {
        primary.client().createMultipartUpload(b -> b.bucket("primary").key("leftover/x.bin"));
        primary.client().createMultipartUpload(b -> b.bucket("primary").key("leftover/y.bin"));
        assertThat(primary.abortUnfinishedUploads("leftover/")).isEqualTo(2);
        assertThat(primary.unfinishedUploads("leftover/")).isEmpty();
    }

    @Test
    public void createBucketIfMissingIsIdempotent() {
        S3ObjectStore store = TestStores.connect(server, "fresh-bucket");
        try {
            store.createBucketIfMissing();
            store.putBytes("k", new byte[] {1}, "application/octet-stream");
            store.createBucketIfMissing();
            assertThat(store.getBytes("k")).get().isEqualTo(new byte[] {1});
        } finally {
            store.close();
        }
    }

    @Test
    public void missingBucketIsAnErrorNamingTheBucketAndTheFix() {
        Region region = new Region("us-east-1", Role.SECONDARY, "no-such-bucket", server.endpoint());
        try (S3ObjectStore store = StoreConnector.connect(region, server.credentials())) {
            assertThatThrownBy(() -> store.getBytes("manifest.json")).isInstanceOf(StoreException.class)
                    .hasMessage("s3://no-such-bucket/manifest.json: reading the object failed (404 NoSuchBucket): "
                            + "create the bucket or fix the region's bucket name");
        }
    }

    @Test
    public void invalidBucketNameIsAnErrorNamingTheFix() {
        Region region = new Region("us-east-1", Role.SECONDARY, "b", server.endpoint());
        try (S3ObjectStore store = StoreConnector.connect(region, server.credentials())) {
            assertThatThrownBy(store::createBucketIfMissing).isInstanceOf(StoreException.class)
                    .hasMessageStartingWith("s3://b/: invalid bucket name (")
                    .hasMessageEndingWith("): fix the region's bucket name");
        }
    }

    @Test
    public void wrongSecretIsRefusedWithoutShowingAnySecret() {
        String wrongSecret = "wrong-secret-" + server.secretAccessKey().substring(0, 10);
        Region region = new Region("us-east-1", Role.PRIMARY, "primary", server.endpoint());
        try (S3ObjectStore store = StoreConnector.connect(region, StaticCredentialsProvider.create(
                AwsBasicCredentials.create(server.accessKeyId(), wrongSecret)))) {
            assertThatThrownBy(() -> store.list("")).isInstanceOf(StoreException.class)
                    .hasMessageStartingWith("s3://primary/: listing failed (403")
                    .hasMessageEndingWith(": check the region's credentials and the bucket policy")
                    .hasMessageNotContaining(wrongSecret)
                    .hasMessageNotContaining(server.secretAccessKey());
        }
    }

    @Test(timeout = 30_000)
    public void unreachableStoreFailsFastWithOneLine() {
        LocalS3Server gone = LocalS3Server.start();
        S3ObjectStore store = TestStores.connect(gone, "gone");
        gone.stop();
        try {
            assertThatThrownBy(() -> store.head("k")).isInstanceOf(StoreException.class)
                    .hasMessageStartingWith("s3://gone/k: reading the object's metadata failed (")
                    .hasMessageEndingWith("): is the store reachable at its endpoint?")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").hasSizeLessThan(300));
        } finally {
            store.close();
        }
    }
}
