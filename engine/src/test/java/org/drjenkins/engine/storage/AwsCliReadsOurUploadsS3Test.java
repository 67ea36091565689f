package org.drjenkins.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A stranger's tool (Debian's AWS CLI) reads what we write, and we read what it writes. */
public class AwsCliReadsOurUploadsS3Test {

    private static final String AWS = "/usr/bin/aws";
    private static final int MIB = 1024 * 1024;

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static LocalS3Server server;
    private static S3ObjectStore store;

    @BeforeClass
    public static void startStore() {
        server = LocalS3Server.start();
        store = TestStores.connect(server, "interop");
    }

    @AfterClass
    public static void stopStore() {
        if (store != null) {
            store.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test(timeout = 120_000)
    public void awsCliDownloadsAMultipartUploadByteIdenticalWithTheRecordedSha256() throws Exception {
        byte[] data = TestStores.randomBytes(17 * MIB + 123, 31);
        StoredObject stored;
        try (MultipartUploadStream upload = store.openUpload("db/20260125T021500Z-3f9a/dump.zst.age")) {
            upload.write(data);
            stored = upload.complete();
            assertThat(upload.partCount()).isEqualTo(4);
        }

        byte[] downloaded = aws(null, "s3", "cp", "s3://interop/db/20260125T021500Z-3f9a/dump.zst.age", "-");

        assertThat(downloaded).isEqualTo(data);
        assertThat(TestStores.sha256Hex(downloaded)).isEqualTo(stored.sha256());
    }

    @Test(timeout = 120_000)
    public void weReadWhatTheAwsCliUploads() throws Exception {
        byte[] data = TestStores.randomBytes(9 * MIB + 7, 32);

        aws(data, "s3", "cp", "-", "s3://interop/from-cli/object.bin");

        assertThat(store.getBytes("from-cli/object.bin")).get().isEqualTo(data);
        assertThat(store.list("from-cli/")).extracting(ObjectInfo::size).containsExactly((long) data.length);
    }

    /** Runs the CLI against the local server with its keys in the environment, as a user would. */
    private static byte[] aws(byte[] stdin, String... args) throws Exception {
        File stderr = TMP.newFile();
        ProcessBuilder builder = new ProcessBuilder();
        builder.command().add(AWS);
        builder.command().addAll(List.of(args));
        builder.command().addAll(List.of("--endpoint-url", server.endpoint().toString(), "--no-progress"));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", server.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", server.secretAccessKey());
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("HOME", TMP.getRoot().getAbsolutePath());
        builder.redirectError(stderr);
        Process process = builder.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = process.getInputStream()) {
                return in.readAllBytes();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        assertThat(process.waitFor(100, TimeUnit.SECONDS)).as("aws finished").isTrue();
        assertThat(process.exitValue()).as("aws exit code; stderr: %s", Files.readString(stderr.toPath()))
                .isZero();
        ByteArrayOutputStream result = new ByteArrayOutputStream();
        result.write(out.get(10, TimeUnit.SECONDS));
        return result.toByteArray();
    }
}
