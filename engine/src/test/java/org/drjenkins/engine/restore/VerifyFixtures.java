package org.drjenkins.engine.restore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.drjenkins.engine.codec.Codecs;
import org.drjenkins.engine.config.Compression;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.manifest.ArtifactRecord;
import org.drjenkins.engine.manifest.BackupId;
import org.drjenkins.engine.manifest.BackupLayout;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.manifest.VerificationRecord;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.testing.S3Fixture;
import org.drjenkins.engine.util.Json;

/** Tampering with stored backups the way corruption or an attacker would, and looking for what a run left behind. */
final class VerifyFixtures {

    private VerifyFixtures() {
    }

    static byte[] read(S3Fixture s3, DrConfig config, String key) throws IOException {
        try (ObjectStore store = s3.open(config.primary()); InputStream in = store.open(key)) {
            return in.readAllBytes();
        }
    }

    static void write(S3Fixture s3, DrConfig config, String key, byte[] bytes) {
        try (ObjectStore store = s3.open(config.primary())) {
            store.putBytes(key, bytes, "application/octet-stream");
        }
    }

    /** Rewrites the primary's manifest with {@code artifact} as its only artifact. */
    static Manifest rewriteManifest(S3Fixture s3, DrConfig config, Manifest m, ArtifactRecord artifact) {
        Manifest edited = new Manifest(m.formatVersion(), m.backupId(), m.component(), m.sourceType(), m.startedAt(), m.finishedAt(),
                m.consistentAt(), m.compression(), m.compressionLevel(), m.encryption(), List.of(artifact), m.source(), m.primaryRegion(),
                m.tool(), m.restoreHint());
        try (ObjectStore store = s3.open(config.primary())) {
            store.putBytes(BackupLayout.manifestKey(m.component(), BackupId.parse(m.backupId()).orElseThrow()), Json.toBytes(edited),
                    "application/json");
        }
        return edited;
    }

    /**
     * Replaces the artifact with {@code raw} encoded exactly as a backup would (same compression, same recipients) and
     * makes the manifest agree: integrity passes, whatever is wrong is in the content itself.
     */
    static Manifest replaceContent(S3Fixture s3, DrConfig config, Manifest m, byte[] raw, List<String> recipients) throws IOException {
        Compression compression = Compression.fromYaml(m.compression()).orElseThrow();
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        try (OutputStream encoder = Codecs.encoder(stored, compression, m.compressionLevel(), recipients)) {
            encoder.write(raw);
        }
        byte[] bytes = stored.toByteArray();
        ArtifactRecord old = m.artifacts().get(0);
        write(s3, config, old.key(), bytes);
        return rewriteManifest(s3, config, m, new ArtifactRecord(old.key(), bytes.length, raw.length, sha256(bytes)));
    }

    static VerificationRecord storedRecord(S3Fixture s3, DrConfig config, org.drjenkins.engine.config.Region region, String key) {
        try (ObjectStore store = s3.open(region)) {
            return store.getBytes(key).map(b -> Json.fromBytes(b, VerificationRecord.class, key)).orElse(null);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Command lines of live postmasters ("postgres -D <dir>") whose data directory is an ephemeral verify cluster of these components. */
    static List<String> verifyClusterPostmasters(String componentPrefix) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive).map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains("postgres -D") && c.contains(clusterDirPrefix(componentPrefix))).toList();
    }

    /** Temporary directories of ephemeral verify clusters of these components (LocalCluster puts them in java.io.tmpdir). */
    static List<Path> verifyClusterDirs(String componentPrefix) throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith(clusterDirPrefix(componentPrefix))).toList();
        }
    }

    static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        }
    }

    private static String clusterDirPrefix(String componentPrefix) {
        return "drjenkins-pg-verify-" + componentPrefix;
    }

    /** Remembers phases, and runs a probe when a phase starts (to look at the machine while the restore is live). */
    static final class Probe implements Progress {

        final List<String> phases = new CopyOnWriteArrayList<>();
        final List<String> postmastersDuringChecks = new ArrayList<>();
        final List<String> postmastersSeen = new ArrayList<>();
        private final String componentPrefix;

        Probe(String componentPrefix) {
            this.componentPrefix = componentPrefix;
        }

        @Override
        public void phase(String description) {
            phases.add(description);
            List<String> live = verifyClusterPostmasters(componentPrefix);
            postmastersSeen.addAll(live);
            if (description.startsWith("check the restored copy")) {
                postmastersDuringChecks.addAll(live);
            }
        }

        @Override
        public void bytes(long done, long total) {
        }

        @Override
        public void info(String message) {
        }
    }
}
