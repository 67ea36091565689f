package org.drjenkins.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.Role;
import org.drjenkins.engine.testing.StoreProcess;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Every kind of store call against a store whose process is frozen (SIGSTOP) ends with a clear error instead of
 * waiting forever, and a stall shorter than the progress limit heals by itself.
 */
public class FrozenStoreCallsTest {

    private static final int MIB = 1024 * 1024;

    @ClassRule
    public static final TemporaryFolder TEMP = new TemporaryFolder();

    private static StoreProcess process;

    @BeforeClass
    public static void startStore() throws Exception {
        process = StoreProcess.start(TEMP.newFolder("s3").toPath(), "calls");
    }

    @AfterClass
    public static void stopStore() {
        process.close();
    }

    private static S3ObjectStore connect(Duration progress) {
        return StoreConnector.connect(new Region("us-east-1", Role.PRIMARY, "calls", process.endpoint()), process.credentials(),
                TestStores.SMALL_PARTS, StoreTimeouts.DEFAULT.withProgress(progress));
    }

    @Test(timeout = 120_000)
    public void readsListsAndWritesOnAFrozenStoreFailNamingTheStall() {
        try (S3ObjectStore store = connect(Duration.ofSeconds(1))) {
            store.putBytes("small/a", new byte[] {1}, "application/octet-stream");
            process.freeze();
            try {
                for (Runnable call : new Runnable[] {() -> store.getBytes("small/a"), () -> store.head("small/a"),
                        () -> store.list("small/"), () -> store.putBytes("small/b", new byte[] {2}, "application/octet-stream"),
                        store::probe}) {
                    long start = System.nanoTime();
                    Throwable error = catchThrowable(call::run);
                    System.out.printf("FrozenStoreCallsTest: a call on the frozen store failed after %.1f s: %s%n",
                            (System.nanoTime() - start) / 1e9, error == null ? null : error.getMessage());
                    assertThat(error).isInstanceOf(StoreException.class).hasMessageStartingWith("s3://calls/")
                            .hasMessageContaining("acknowledged no byte for 1 s");
                    assertThat(((StoreException) error).storeUnreachable()).isTrue();
                }
            } finally {
                process.thaw();
            }
            assertThat(store.getBytes("small/a")).get().isEqualTo(new byte[] {1});
        }
    }

    @Test(timeout = 120_000)
    public void aStallShorterThanTheProgressLimitDoesNotFailTheUpload() throws Exception {
        byte[] data = TestStores.randomBytes(24 * MIB, 5);
        try (S3ObjectStore store = connect(Duration.ofSeconds(10)); MultipartUploadStream upload = store.openUpload("stall/blob")) {
            upload.write(data, 0, 8 * MIB);
            process.freeze();
            try {
                upload.write(data, 8 * MIB, 8 * MIB);
                Thread.sleep(1500);
            } finally {
                process.thaw();
            }
            upload.write(data, 16 * MIB, 8 * MIB);
            StoredObject stored = upload.complete();
            assertThat(stored.sha256()).isEqualTo(TestStores.sha256Hex(data));
            assertThat(store.getBytes("stall/blob")).get().isEqualTo(data);
        }
    }
}
