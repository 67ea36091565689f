package org.drjenkins.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class MultipartUploadStreamTest {

    private static final int MIB = 1024 * 1024;

    @ClassRule
    public static final TemporaryFolder TMP = new TemporaryFolder();

    private static LocalS3Server server;
    private static S3ObjectStore store;

    @BeforeClass
    public static void startStore() throws Exception {
        server = LocalS3Server.start(TMP.newFolder("s3").toPath(), "127.0.0.1", 0);
        store = TestStores.connect(server, "uploads");
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

    @Test
    public void fiftyMebibytesRoundTripByteIdenticalThroughSeveralPartsWithMatchingSha256() throws Exception {
        byte[] data = TestStores.randomBytes(50 * MIB, 50);
        MultipartUploadStream upload = store.openUpload("big/fifty.bin");
        // Odd-sized writes so part boundaries fall inside writes.
        for (int offset = 0; offset < data.length; offset += 777_777) {
            upload.write(data, offset, Math.min(777_777, data.length - offset));
        }
        assertThat(store.head("big/fifty.bin")).as("invisible before complete").isEmpty();

        StoredObject stored = upload.complete();

        assertThat(upload.partCount()).isEqualTo(10);
        assertThat(stored).isEqualTo(new StoredObject("big/fifty.bin", data.length, TestStores.sha256Hex(data)));
        assertThat(store.head("big/fifty.bin")).get().extracting(ObjectInfo::size).isEqualTo((long) data.length);
        try (InputStream in = store.open("big/fifty.bin")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(store.unfinishedUploads("big/")).isEmpty();
    }

    @Test
    public void objectSmallerThanOnePartIsStoredWithoutMultipartUpload() throws Exception {
        byte[] data = TestStores.randomBytes(12_345, 1);
        StoredObject stored;
        try (MultipartUploadStream upload = store.openUpload("small/one.bin")) {
            upload.write(data);
            stored = upload.complete();
            assertThat(upload.partCount()).isZero();
            assertThat(upload.uploadId()).isNull();
        }
        assertThat(stored.sha256()).isEqualTo(TestStores.sha256Hex(data));
        assertThat(store.getBytes("small/one.bin")).get().isEqualTo(data);
    }

    @Test
    public void emptyUploadStoresAnEmptyObject() throws Exception {
        StoredObject stored;
        try (UploadStream upload = store.openUpload("small/empty.bin")) {
            stored = upload.complete();
        }
        assertThat(stored).isEqualTo(new StoredObject("small/empty.bin", 0, TestStores.sha256Hex(new byte[0])));
        assertThat(store.getBytes("small/empty.bin")).get().isEqualTo(new byte[0]);
    }

    @Test
    public void exactlyOnePartOfDataCompletesAsOnePart() throws Exception {
        byte[] data = TestStores.randomBytes((int) UploadSettings.MIN_PART_SIZE, 7);
        MultipartUploadStream upload = store.openUpload("edge/one-part.bin");
        upload.write(data);
        StoredObject stored = upload.complete();
        assertThat(upload.partCount()).isEqualTo(1);
        assertThat(stored.sha256()).isEqualTo(TestStores.sha256Hex(data));
        assertThat(store.getBytes("edge/one-part.bin")).get().isEqualTo(data);
    }

    @Test
    public void abortLeavesNoObjectAndNoUnfinishedUpload() throws Exception {
        MultipartUploadStream upload = store.openUpload("aborted/a.bin");
        upload.write(TestStores.randomBytes(12 * MIB, 2));
        assertThat(upload.partCount()).isEqualTo(2);
        assertThat(store.unfinishedUploads("aborted/")).containsExactly("aborted/a.bin");

        upload.abort();

        assertThat(store.head("aborted/a.bin")).isEmpty();
        assertThat(store.unfinishedUploads("aborted/")).isEmpty();
        assertThatThrownBy(() -> upload.write(1)).isInstanceOf(StoreException.class)
                .hasMessage("s3://uploads/aborted/a.bin: upload was aborted");
        upload.abort(); // idempotent, never throws
    }

    @Test
    public void closeWithoutCompleteAborts() throws Exception {
        try (UploadStream upload = store.openUpload("closed/c.bin")) {
            upload.write(TestStores.randomBytes(11 * MIB, 3));
            assertThat(store.unfinishedUploads("closed/")).containsExactly("closed/c.bin");
        }
        assertThat(store.head("closed/c.bin")).isEmpty();
        assertThat(store.unfinishedUploads("closed/")).isEmpty();
    }

    @Test
    public void closeAfterCompleteKeepsTheObject() throws Exception {
        byte[] data = TestStores.randomBytes(6 * MIB, 4);
        try (UploadStream upload = store.openUpload("kept/k.bin")) {
            upload.write(data);
            upload.complete();
        }
        assertThat(store.getBytes("kept/k.bin")).get().isEqualTo(data);
    }

    @Test
    public void singleByteWritesAcrossAPartBoundaryRoundTrip() throws Exception {
        byte[] data = TestStores.randomBytes((int) UploadSettings.MIN_PART_SIZE + 1000, 8);
        MultipartUploadStream upload = store.openUpload("bytes/single.bin");
        for (byte b : data) {
            upload.write(b);
        }
        StoredObject stored = upload.complete();
        assertThat(upload.partCount()).isEqualTo(2);
        assertThat(stored.sha256()).isEqualTo(TestStores.sha256Hex(data));
        assertThat(store.getBytes("bytes/single.bin")).get().isEqualTo(data);
    }

    @Test
    public void bytesWrittenCountsEveryByte() throws Exception {
        try (UploadStream upload = store.openUpload("count/c.bin")) {
            upload.write(new byte[1000]);
            upload.write(42);
            assertThat(upload.bytesWritten()).isEqualTo(1001);
        }
    }
}
