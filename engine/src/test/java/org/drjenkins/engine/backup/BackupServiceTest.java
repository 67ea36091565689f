package org.drjenkins.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.drjenkins.engine.codec.AgeKeys;
import org.drjenkins.engine.codec.Codecs;
import org.drjenkins.engine.config.Compression;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.manifest.ArtifactRecord;
import org.drjenkins.engine.manifest.BackupCatalog;
import org.drjenkins.engine.manifest.BackupLayout;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.restore.VerifyOutcome;
import org.drjenkins.engine.restore.VerifyRequest;
import org.drjenkins.engine.restore.VerifyRestoreService;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreProvider;
import org.drjenkins.engine.testing.S3Fixture;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.util.OptionNames;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Backups of directory and command sources against a real S3 server (S3Proxy); postgres has its own test class. */
public class BackupServiceTest {

    @ClassRule
    public static final S3Fixture S3 = new S3Fixture();

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private static final AgeKeys.KeyPair KEY = AgeKeys.generate();

    private Secrets secrets() {
        return new Secrets(S3.server().credentials(), Optional.empty(), List.of(KEY.recipient()), Optional.of(KEY.identity()));
    }

    private BackupService service(DrConfig config, Progress progress) {
        return new BackupService(config, secrets(), S3.stores(), Clock.systemUTC(), progress, java.time.Duration.ofSeconds(5));
    }

    @Test
    public void encryptedCommandOutputRoundTripsThroughEveryRegion() throws Exception {
        DrConfig config = S3.config("components:\n  secrets: { type: command, command: \"printf '{\\\"items\\\":[1,2,3]}'\", encrypt: true }\n");

        BackupResult result = service(config, Progress.NONE).run(BackupRequest.of("secrets"));

        assertThat(result.regions()).containsExactly("us-east-1", "eu-west-1", "ap-southeast-1");
        assertThat(result.manifest().encrypted()).isTrue();
        assertThat(result.manifest().encryption().recipients()).containsExactly(KEY.recipient());
        ArtifactRecord artifact = result.manifest().artifacts().get(0);
        assertThat(artifact.fileName()).isEqualTo("secrets.out.zst.age");
        for (Region region : config.regions()) {
            byte[] stored = download(region, artifact.key());
            assertThat(stored).hasSize((int) artifact.storedBytes());
            assertThat(sha256(stored)).isEqualTo(artifact.sha256());
            assertThat(decode(stored, true)).isEqualTo("{\"items\":[1,2,3]}");
            try (ObjectStore store = S3.open(region)) {
                assertThat(store.head(artifact.key().replace(artifact.fileName(), BackupLayout.MANIFEST))).isPresent();
            }
        }
        String manifestText = new String(download(config.primary(), result.manifest().artifacts().get(0).key()
                .replace("secrets.out.zst.age", "manifest.json")), StandardCharsets.UTF_8);
        assertThat(manifestText).doesNotContain("AGE-SECRET-KEY").contains(KEY.recipient());
    }

    @Test
    public void directoryTreeRoundTripsWithModesAndLinks() throws Exception {
        Path tree = temp.newFolder("tree").toPath();
        Files.writeString(tree.resolve("agent.yaml"), "workers: 4\n");
        Path script = tree.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(tree.resolve("current"), Path.of("agent.yaml"));
        DrConfig config = S3.config("components:\n  configuration: { type: directory, path: \"" + tree + "\", compression: gzip }\n");

        BackupResult result = service(config, Progress.NONE).run(BackupRequest.of("configuration"));

        ArtifactRecord artifact = result.manifest().artifacts().get(0);
        assertThat(artifact.fileName()).isEqualTo("configuration.tar.gz");
        Path out = temp.newFolder("restored").toPath();
        Path tar = temp.getRoot().toPath().resolve("configuration.tar");
        Files.write(tar, decodeBytes(download(config.primary(), artifact.key()), false, Compression.GZIP));
        Process untar = new ProcessBuilder("tar", "-x", "-p", "-f", tar.toString(), "-C", out.toString()).inheritIO().start();
        assertThat(untar.waitFor()).isZero();
        assertThat(Files.readString(out.resolve("agent.yaml"))).isEqualTo("workers: 4\n");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("run.sh")))).isEqualTo("rwxr-x---");
        assertThat(Files.readSymbolicLink(out.resolve("current"))).isEqualTo(Path.of("agent.yaml"));
        assertThat(result.manifest().source()).containsKey("entries");
    }

    @Test
    public void theManifestAppearsOnlyAfterTheArtifactIsComplete() throws Exception {
        DrConfig config = S3.config("components:\n  slow: { type: command, command: \"printf first; sleep 2; printf second\" }\n");
        List<Integer> folderSizesWhileRunning = new ArrayList<>();
        AtomicBoolean sawRunningBackup = new AtomicBoolean();
        Thread watcher = new Thread(() -> {
            try (ObjectStore store = S3.open(config.primary())) {
                for (int i = 0; i < 15; i++) {
                    boolean manifestExists = store.list("slow/").stream().anyMatch(o -> o.key().endsWith(BackupLayout.MANIFEST));
                    folderSizesWhileRunning.add(manifestExists ? 1 : 0);
                    sawRunningBackup.set(sawRunningBackup.get() || !manifestExists);
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        watcher.start();

        BackupResult result = service(config, Progress.NONE).run(BackupRequest.of("slow"));
        watcher.join();

        assertThat(sawRunningBackup).isTrue();
        assertThat(folderSizesWhileRunning).containsOnly(0);
        assertThat(new BackupCatalog(S3.open(config.primary())).latest("slow").orElseThrow().id().value())
                .isEqualTo(result.manifest().backupId());
    }

    @Test
    public void aFailingCommandStoresNothingAndThePreviousBackupStaysLatest() {
        DrConfig config = S3.config("components:\n  flaky: { type: command, command: \"printf ok\" }\n");
        BackupResult good = service(config, Progress.NONE).run(BackupRequest.of("flaky"));
        DrConfig failing = S3.config("components:\n  flaky: { type: command, command: \"printf partial; echo boom >&2; exit 3\" }\n");
        // Same buckets as the first config: reuse the regions, swap the component.
        DrConfig sameBuckets = new DrConfig(config.regions(), failing.thresholds(), failing.targets(), failing.components(), List.of());

        assertThatThrownBy(() -> service(sameBuckets, Progress.NONE).run(BackupRequest.of("flaky")))
                .isInstanceOf(BackupException.class).hasMessageContaining("command exited 3: boom").hasMessageContaining("nothing stored");

        try (ObjectStore store = S3.open(config.primary())) {
            BackupCatalog catalog = new BackupCatalog(store);
            assertThat(catalog.latest("flaky").orElseThrow().id().value()).isEqualTo(good.manifest().backupId());
            assertThat(store.list("flaky/")).allMatch(o -> o.key().startsWith("flaky/" + good.manifest().backupId() + "/"));
            assertThat(store.unfinishedUploads("flaky/")).isEmpty();
        }
    }

    @Test
    public void aCommandThatWritesNothingFailsTheBackupAndStoresNothing() {
        DrConfig config = S3.config("components:\n  empty-export: { type: command, command: \"echo 'no objects found' >&2\" }\n");

        assertThatThrownBy(() -> service(config, Progress.NONE).run(BackupRequest.of("empty-export")))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("command exited 0 but wrote nothing to standard output (stderr: no objects found)")
                .hasMessageContaining("set allowEmpty: true").hasMessageContaining("nothing stored");

        try (ObjectStore store = S3.open(config.primary())) {
            assertThat(new BackupCatalog(store).latest("empty-export")).isEmpty();
            assertThat(store.list("empty-export/")).isEmpty();
            assertThat(store.unfinishedUploads("empty-export/")).isEmpty();
        }
    }

    @Test
    public void aCommandAllowedToBeEmptyStoresAnEmptyBackupThatVerifies() {
        DrConfig config = S3.config("components:\n  optional-export: { type: command, command: \"true\", allowEmpty: true }\n");
        assertThat(config.component("optional-export").orElseThrow().allowEmpty()).isTrue();

        BackupResult result = service(config, Progress.NONE).run(BackupRequest.of("optional-export"));

        assertThat(result.manifest().source()).containsEntry("bytes", 0L);
        VerifyOutcome outcome = new VerifyRestoreService(config, secrets(), S3.stores(), Clock.systemUTC(), Progress.NONE)
                .run(VerifyRequest.latest("optional-export"));
        assertThat(outcome.verified()).as(String.join("; ", outcome.record().failures())).isTrue();
        assertThat(outcome.record().backupId()).isEqualTo(result.manifest().backupId());
    }

    @Test
    public void theSourceStartsOnlyOnceThePrimaryStoreIsOpenAndAnsweredItsCheck() throws Exception {
        // The command leaves a mark as soon as it runs; the store provider takes a while and notes whether the source
        // ran before the store was ready. Starting the source first would run it for nothing when the store is wrong.
        Path mark = temp.getRoot().toPath().resolve("source-started");
        DrConfig config = S3.config("components:\n  early: { type: command, command: \"touch '" + mark + "'; printf data\" }\n");
        AtomicBoolean sourceRanBeforeTheStore = new AtomicBoolean();
        StoreProvider slow = region -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sourceRanBeforeTheStore.set(Files.exists(mark));
            return S3.stores().open(region);
        };

        BackupResult result = new BackupService(config, secrets(), slow, Clock.systemUTC(), Progress.NONE,
                java.time.Duration.ofSeconds(5)).run(new BackupRequest("early", true, true));

        assertThat(sourceRanBeforeTheStore).isFalse();
        assertThat(Files.exists(mark)).isTrue();
        assertThat(decode(download(config.primary(), result.manifest().artifacts().get(0).key()), false)).isEqualTo("data");
    }

    @Test
    public void aStoreThatCannotBeOpenedFailsTheBackupWithItsOwnErrorAndStoresNothing() throws Exception {
        DrConfig config = S3.config("components:\n  unopened: { type: command, command: \"printf data\" }\n");
        StoreProvider refuses = region -> {
            throw new InvalidRequestException("regions." + region.name() + ".credentialsId: no such credentials");
        };

        assertThatThrownBy(() -> new BackupService(config, secrets(), refuses, Clock.systemUTC(), Progress.NONE)
                .run(BackupRequest.of("unopened")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("regions.us-east-1.credentialsId: no such credentials");
        try (ObjectStore store = S3.open(config.primary())) {
            assertThat(store.list("unopened/")).isEmpty();
            assertThat(store.unfinishedUploads("unopened/")).isEmpty();
        }
    }

    @Test
    public void encryptionWithoutAnyRecipientIsBadInputAndWritesNothing() {
        DrConfig config = S3.config("components:\n  secrets: { type: command, command: \"printf x\", encrypt: true }\n");
        Secrets noRecipients = new Secrets(S3.server().credentials(), Optional.empty(), List.of(), Optional.empty());

        assertThatThrownBy(() -> new BackupService(config, noRecipients, S3.stores(), Clock.systemUTC(), Progress.NONE).run(BackupRequest.of("secrets")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("components.secrets.encrypt").hasMessageContaining("DR_AGE_RECIPIENTS");
        try (ObjectStore store = S3.open(config.primary())) {
            assertThat(store.list("secrets/")).isEmpty();
        }
    }

    @Test
    public void anUnknownComponentNamesTheConfiguredOnes() {
        DrConfig config = S3.config("components:\n  secrets: { type: command, command: \"printf x\" }\n");

        assertThatThrownBy(() -> service(config, Progress.NONE).run(BackupRequest.of("databse")))
                .isInstanceOf(InvalidRequestException.class).extracting(OptionNames::of).asString().isEqualTo("--component databse: no such component; configured: secrets");
    }

    @Test
    public void retentionDeletesOldBackupsButKeepsTheNewestVerifiedOne() {
        DrConfig config = S3.config("thresholds: { backupRetention: 30d }\ncomponents:\n  logs: { type: command, command: \"printf x\" }\n");
        java.time.Instant now = java.time.Instant.now();
        String oldVerified = RetentionFixtures.storeOldBackup(S3.open(config.primary()), "logs", now.minus(java.time.Duration.ofDays(50)), true);
        String olderUnverified = RetentionFixtures.storeOldBackup(S3.open(config.primary()), "logs", now.minus(java.time.Duration.ofDays(60)), false);
        String oldUnverified = RetentionFixtures.storeOldBackup(S3.open(config.primary()), "logs", now.minus(java.time.Duration.ofDays(40)), false);

        BackupResult result = service(config, Progress.NONE).run(BackupRequest.of("logs"));

        try (ObjectStore store = S3.open(config.primary())) {
            List<String> left = new BackupCatalog(store).list("logs").stream().map(e -> e.id().value()).toList();
            assertThat(left).containsExactly(oldVerified, result.manifest().backupId());
            assertThat(store.list("logs/" + olderUnverified + "/")).isEmpty();
            assertThat(store.list("logs/" + oldUnverified + "/")).isEmpty();
        }
        assertThat(result.retention()).anyMatch(d -> d.delete() && d.entry().id().value().equals(oldUnverified));
    }

    private static byte[] download(Region region, String key) throws Exception {
        try (ObjectStore store = S3.open(region); InputStream in = store.open(key)) {
            return in.readAllBytes();
        }
    }

    private static String decode(byte[] stored, boolean encrypted) throws Exception {
        return new String(decodeBytes(stored, encrypted, Compression.ZSTD), StandardCharsets.UTF_8);
    }

    private static byte[] decodeBytes(byte[] stored, boolean encrypted, Compression compression) throws Exception {
        try (InputStream in = Codecs.decoder(new java.io.ByteArrayInputStream(stored), compression, encrypted, encrypted ? KEY.identity() : null)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
