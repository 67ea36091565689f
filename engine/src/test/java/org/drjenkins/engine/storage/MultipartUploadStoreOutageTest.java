package org.drjenkins.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The store goes away during an upload: the upload fails in bounded time and leaves nothing behind. */
public class MultipartUploadStoreOutageTest {

    private static final int MIB = 1024 * 1024;

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private LocalS3Server server;
    private S3ObjectStore store;

    @Before
    public void startStore() throws Exception {
        // A directory store: what was uploaded before the outage is still there after the restart.
        server = LocalS3Server.start(tmp.newFolder("s3").toPath(), "127.0.0.1", 0);
        store = TestStores.connect(server, "outage");
    }

    @After
    public void stopStore() {
        store.close();
        server.close();
    }

    @Test(timeout = 60_000)
    public void storeStoppedMidUploadFailsTheUploadAndLeavesNoObjectAndNoUnfinishedUpload() throws Exception {
        MultipartUploadStream upload = store.openUpload("db/dump.bin");
        byte[] chunk = TestStores.randomBytes(MIB, 9);
        for (int i = 0; i < 12; i++) {
            upload.write(chunk);
        }
        assertThat(upload.partCount()).isEqualTo(2);

        server.stop();

        assertThatThrownBy(() -> {
            for (int i = 0; i < 200; i++) {
                upload.write(chunk);
            }
            upload.complete();
        }).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("s3://outage/db/dump.bin: ")
                .hasMessageContaining("is the store reachable at its endpoint?")
                .hasMessageNotContaining(server.secretAccessKey())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));

        server.restart();
        assertThat(store.head("db/dump.bin")).isEmpty();
        assertThat(store.list("db/")).isEmpty();
        // The abort could not reach the stopped store; aborting again once it is back removes the parts.
        assertThat(store.unfinishedUploads("db/")).containsExactly("db/dump.bin");
        upload.abort();
        assertThat(store.unfinishedUploads("db/")).isEmpty();
    }

    @Test(timeout = 60_000)
    public void storeStoppedBeforeCompleteFailsCompleteAndLeavesNoObject() throws Exception {
        MultipartUploadStream upload = store.openUpload("db/late.bin");
        upload.write(TestStores.randomBytes(11 * MIB, 10));
        assertThat(upload.partCount()).isEqualTo(2);

        server.stop();

        assertThatThrownBy(upload::complete).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("s3://outage/db/late.bin: ");
        server.restart();
        assertThat(store.head("db/late.bin")).isEmpty();
        upload.close();
        assertThat(store.unfinishedUploads("db/")).isEmpty();
    }

    @Test(timeout = 60_000)
    public void uploadStartedAfterTheStoreCameBackSucceeds() throws Exception {
        server.stop();
        server.restart();
        byte[] data = TestStores.randomBytes(7 * MIB, 11);
        StoredObject stored;
        try (MultipartUploadStream upload = store.openUpload("db/after.bin")) {
            upload.write(data);
            stored = upload.complete();
        }
        assertThat(stored.sha256()).isEqualTo(TestStores.sha256Hex(data));
        assertThat(store.getBytes("db/after.bin")).get().isEqualTo(data);
    }
}
