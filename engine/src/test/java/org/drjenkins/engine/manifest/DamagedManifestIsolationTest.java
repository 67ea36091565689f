package org.drjenkins.engine.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.drjenkins.engine.backup.BackupRequest;
import org.drjenkins.engine.backup.BackupService;
import org.drjenkins.engine.compliance.ComplianceReport;
import org.drjenkins.engine.compliance.ComplianceService;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.restore.VerifyOutcome;
import org.drjenkins.engine.restore.VerifyRequest;
import org.drjenkins.engine.restore.VerifyRestoreService;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.ObjectInfo;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreProvider;
import org.drjenkins.engine.storage.StoredObject;
import org.drjenkins.engine.storage.UploadStream;
import org.drjenkins.engine.testing.S3Fixture;
import org.drjenkins.engine.util.Json;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The newest backup's manifest names an artifact key {@code ../../x} (and an object {@code x} exists): the catalog marks
 * it damaged and exposes no manifest, so "latest" verification and compliance use the older sound backup and nothing
 * ever asks the store for a key outside a backup's folder.
 */
public class DamagedManifestIsolationTest {

    @ClassRule
    public static final S3Fixture S3 = new S3Fixture();

    @Test
    public void aManifestWithAnEscapingKeyIsDamagedNeverFetchedAndLatestIsTheSoundOne() throws Exception {
        DrConfig config = S3.config("targets:\n  notes: { rto: 1h, rpo: 1h }\n"
                + "components:\n  notes: { type: command, command: \"printf 'meeting notes'\" }\n");
        Secrets secrets = new Secrets(S3.server().credentials(), Optional.empty(), List.of(), Optional.empty());
        BackupService backups = new BackupService(config, secrets, S3.stores(), Clock.systemUTC(), Progress.NONE);
        String sound = backups.run(new BackupRequest("notes", true, true)).manifest().backupId();
        Thread.sleep(1100); // ids sort by their second
        String escaping = backups.run(new BackupRequest("notes", true, true)).manifest().backupId();
        try (ObjectStore store = S3.open(config.primary())) {
            String key = "notes/" + escaping + "/manifest.json";
            ObjectNode manifest = (ObjectNode) Json.mapper().readTree(store.getBytes(key).orElseThrow());
            ((ObjectNode) manifest.withArray("artifacts").get(0)).put("key", "../../x");
            store.putBytes(key, Json.toBytes(manifest), "application/json");
            store.putBytes("x", "outside every backup".getBytes(StandardCharsets.UTF_8), "text/plain");
        }

        List<String> requested = new CopyOnWriteArrayList<>();
        StoreProvider recording = region -> new RecordingStore(S3.open(region), requested);

        try (ObjectStore store = recording.open(config.primary())) {
            BackupCatalog catalog = new BackupCatalog(store);
            List<BackupEntry> entries = catalog.list("notes");
            assertThat(entries).extracting(e -> e.id().value()).containsExactly(sound, escaping);
            BackupEntry damaged = entries.get(1);
            assertThat(damaged.damaged()).isTrue();
            assertThat(damaged.complete()).isFalse();
            assertThat(damaged.manifest()).isEmpty();
            assertThat(damaged.damage()).containsExactly("manifest.json names artifact key ../../x outside the backup's folder notes/"
                    + escaping + "/ (never fetched)");
            assertThat(damaged.verificationState()).startsWith("DAMAGED: manifest.json names artifact key ../../x");
            assertThat(entries.get(0).complete()).isTrue();
            assertThat(catalog.latest("notes")).map(e -> e.id().value()).contains(sound);
        }

        VerifyOutcome outcome = new VerifyRestoreService(config, secrets, recording, Clock.systemUTC(), Progress.NONE)
                .run(VerifyRequest.latest("notes"));
        assertThat(outcome.verified()).as(outcome.record().failures().toString()).isTrue();
        assertThat(outcome.record().backupId()).isEqualTo(sound);

        ComplianceReport report = new ComplianceService(config, recording).evaluate(Instant.now());
        assertThat(report.components()).singleElement().satisfies(c -> assertThat(c.rpoBasis()).isEqualTo("verified backup " + sound));

        assertThat(requested).isNotEmpty().noneMatch(k -> k.contains("..") || "x".equals(k));
    }

    /** The real store, noting every key it is asked to read. */
    private record RecordingStore(ObjectStore store, List<String> requested) implements ObjectStore {
        @Override
        public String regionName() {
            return store.regionName();
        }

        @Override
        public String bucket() {
            return store.bucket();
        }

        @Override
        public UploadStream openUpload(String key) {
            return store.openUpload(key);
        }

        @Override
        public StoredObject putBytes(String key, byte[] content, String contentType) {
            return store.putBytes(key, content, contentType);
        }

        @Override
        public Optional<byte[]> getBytes(String key) {
            requested.add(key);
            return store.getBytes(key);
        }

        @Override
        public InputStream open(String key) {
            requested.add(key);
            return store.open(key);
        }

        @Override
        public Optional<ObjectInfo> head(String key) {
            requested.add(key);
            return store.head(key);
        }

        @Override
        public List<ObjectInfo> list(String prefix) {
            return store.list(prefix);
        }

        @Override
        public List<String> listFolders(String prefix) {
            return store.listFolders(prefix);
        }

        @Override
        public void delete(String key) {
            store.delete(key);
        }

        @Override
        public ObjectInfo copyFrom(ObjectStore source, String key) {
            requested.add(key);
            return store.copyFrom(source, key);
        }

        @Override
        public List<String> unfinishedUploads(String prefix) {
            return store.unfinishedUploads(prefix);
        }

        @Override
        public void probe() {
            store.probe();
        }

        @Override
        public void createBucketIfMissing() {
            store.createBucketIfMissing();
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
