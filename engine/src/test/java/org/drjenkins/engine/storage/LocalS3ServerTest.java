package org.drjenkins.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class LocalS3ServerTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void listensOnLoopbackWithFreshRandomKeysPerStart() {
        try (LocalS3Server first = LocalS3Server.start(); LocalS3Server second = LocalS3Server.start()) {
            assertThat(first.endpoint().toString()).isEqualTo("http://127.0.0.1:" + first.port());
            assertThat(first.port()).isPositive().isNotEqualTo(second.port());
            assertThat(first.accessKeyId()).hasSize(20).isNotEqualTo(second.accessKeyId());
            assertThat(first.secretAccessKey()).hasSize(40).isNotEqualTo(second.secretAccessKey());
            assertThat(first.credentials().resolveCredentials().secretAccessKey()).isEqualTo(first.secretAccessKey());
            assertThat(first.toString()).doesNotContain(first.secretAccessKey()).contains("in memory");
        }
    }

    @Test
    public void restartKeepsPortKeysAndContent() {
        try (LocalS3Server server = LocalS3Server.start()) {
            int port = server.port();
            try (S3ObjectStore store = TestStores.connect(server, "keep")) {
                store.putBytes("a.txt", "kept".getBytes(), "text/plain");
                server.stop();
                assertThat(server.isRunning()).isFalse();
                assertThatThrownBy(() -> store.getBytes("a.txt")).isInstanceOf(StoreException.class);

                server.restart();

                assertThat(server.isRunning()).isTrue();
                assertThat(server.port()).isEqualTo(port);
                assertThat(store.getBytes("a.txt")).get().isEqualTo("kept".getBytes());
            }
        }
    }

    @Test
    public void directoryStoreKeepsObjectsForTheNextServer() throws Exception {
        Path dir = tmp.newFolder("store").toPath();
        try (LocalS3Server first = LocalS3Server.start(dir, "127.0.0.1", 0);
             S3ObjectStore store = TestStores.connect(first, "durable")) {
            store.putBytes("backup/manifest.json", "{}".getBytes(), "application/json");
        }
        assertThat(dir.resolve("durable")).isDirectory();
        try (LocalS3Server second = LocalS3Server.start(dir, "127.0.0.1", 0);
             S3ObjectStore store = TestStores.connect(second, "durable")) {
            assertThat(store.getBytes("backup/manifest.json")).get().isEqualTo("{}".getBytes());
            assertThat(second.directory()).isEqualTo(dir);
        }
    }

    @Test
    public void portInUseIsAClearError() {
        try (LocalS3Server taken = LocalS3Server.start()) {
            assertThatThrownBy(() -> LocalS3Server.start(null, "127.0.0.1", taken.port()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.port())
                    .hasMessageContaining("is the port in use?");
        }
    }

    @Test
    public void servingPrintsNothingOnStandardOutputOrError() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true);
        System.setOut(capture);
        System.setErr(capture);
        try (LocalS3Server server = LocalS3Server.start(tmp.newFolder("quiet").toPath(), "127.0.0.1", 0);
             S3ObjectStore store = TestStores.connect(server, "quiet")) {
            store.putBytes("k", new byte[100], "application/octet-stream");
            try (UploadStream upload = store.openUpload("big")) {
                upload.write(new byte[6 * 1024 * 1024]);
                upload.complete();
            }
            store.getBytes("k");
            store.getBytes("missing");
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertThat(captured.toString()).isEmpty();
    }
}
