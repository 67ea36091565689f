package org.drjenkins.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.ObjectInfo;
import org.drjenkins.engine.storage.S3ObjectStore;
import org.drjenkins.engine.storage.StoreConnector;
import org.drjenkins.engine.storage.StoreProvider;
import org.drjenkins.engine.storage.StoreTimeouts;
import org.drjenkins.engine.storage.UploadSettings;
import org.drjenkins.engine.testing.StoreProcess;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * The store's process is frozen (SIGSTOP: sockets open, nothing answers) after two parts of a backup were stored: the
 * progress watchdog ends every stalled attempt, the backup fails in bounded time, and once the store answers again
 * (SIGCONT) the unfinished upload is aborted and no manifest exists.
 */
public class FrozenStoreBackupTest {

    private static final int MIB = 1024 * 1024;
    /** Short, so the test does not wait 4 × 30 s; the mechanism is the same as with the default. */
    private static final Duration PROGRESS = Duration.ofSeconds(2);

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private StoreProcess store;

    @Before
    public void startStore() throws Exception {
        store = StoreProcess.start(temp.newFolder("s3").toPath(), "frozen");
    }

    @After
    public void stopStore() {
        store.close();
    }

    @Test(timeout = 180_000)
    public void storeFrozenMidUploadFailsTheBackupInBoundedTimeAbortsTheUploadOnceItAnswersAndWritesNoManifest()
            throws Exception {
        Path go = temp.getRoot().toPath().resolve("go");
        // 12 MiB (two 5 MiB parts and a bit), then wait for the test to freeze the store, then much more.
        String command = "head -c " + 12 * MIB + " /dev/urandom; while [ ! -f " + go + " ]; do sleep 0.05; done; "
                + "head -c " + 200 * MIB + " /dev/urandom";
        DrConfig config = ConfigLoader.parse("regions:\n"
                + "  - { name: us-east-1, role: primary, bucket: frozen, endpoint: \"" + store.endpoint() + "\" }\n"
                + "components:\n  blob: { type: command, command: \"" + command.replace("\"", "\\\"") + "\", compression: none }\n",
                "test dr.yaml");
        StoreProvider stores = region -> StoreConnector.connect(region, store.credentials(),
                new UploadSettings(UploadSettings.MIN_PART_SIZE, 2), StoreTimeouts.DEFAULT.withProgress(PROGRESS));
        AtomicBoolean abortStarted = new AtomicBoolean();
        StringBuffer said = new StringBuffer();
        Progress progress = new Progress() {
            @Override
            public void phase(String description) {
                said.append(description).append('\n');
            }

            @Override
            public void bytes(long done, long total) {
            }

            @Override
            public void info(String message) {
                said.append(message).append('\n');
                if (message.startsWith("upload failed: aborting")) {
                    // The backup has given up on the frozen store: let it answer again, so the abort can land.
                    abortStarted.set(true);
                    store.thaw();
                }
            }
        };
        BackupService service = new BackupService(config, new Secrets(store.credentials(), Optional.empty(), List.of(),
                Optional.empty()), stores, Clock.systemUTC(), progress, Duration.ofSeconds(60));

        long[] frozenAt = new long[1];
        Thread freezer = new Thread(() -> {
            try (S3ObjectStore observer = StoreConnector.connect(config.primary(), store.credentials())) {
                while (partsStored(observer) < 2) {
                    Thread.sleep(50);
                }
                store.freeze();
                frozenAt[0] = System.nanoTime();
                Files.createFile(go);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "freezer");
        freezer.start();

        assertThatThrownBy(() -> service.run(BackupRequest.of("blob"))).isInstanceOf(BackupException.class)
                .hasMessageStartingWith("blob: backup failed, nothing stored: s3://frozen/blob/")
                .hasMessageContaining("acknowledged no byte for 2 s")
                .hasMessageContaining("is the store reachable at its endpoint?");
        double seconds = (System.nanoTime() - frozenAt[0]) / 1e9;
        freezer.join();
        System.out.printf("FrozenStoreBackupTest: backup failed %.1f s after the store was frozen "
                + "(progress timeout %d s, 4 attempts per call)%n", seconds, PROGRESS.toSeconds());

        // Bounded: the watchdog's attempts on the stalled parts and on the first abort, with their back-off.
        assertThat(seconds).isLessThan(90);
        assertThat(abortStarted).isTrue();
        assertThat(said.toString()).doesNotContain("could not abort");
        try (S3ObjectStore observer = StoreConnector.connect(config.primary(), store.credentials())) {
            assertThat(observer.unfinishedUploads("blob/")).isEmpty();
            assertThat(observer.list("blob/")).extracting(ObjectInfo::key).noneMatch(k -> k.endsWith("manifest.json"));
            assertThat(observer.list("blob/")).isEmpty();
        }
    }

    private static int partsStored(S3ObjectStore observer) {
        for (MultipartUpload upload : observer.client().listMultipartUploads(b -> b.bucket("frozen")).uploads()) {
            return observer.client().listParts(b -> b.bucket("frozen").key(upload.key()).uploadId(upload.uploadId()))
                    .parts().size();
        }
        return 0;
    }
}
