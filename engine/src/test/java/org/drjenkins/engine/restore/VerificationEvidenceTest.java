package org.drjenkins.engine.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.drjenkins.engine.backup.BackupRequest;
import org.drjenkins.engine.backup.BackupService;
import org.drjenkins.engine.compliance.ComplianceService;
import org.drjenkins.engine.compliance.ComponentCompliance;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.manifest.BackupCatalog;
import org.drjenkins.engine.manifest.BackupId;
import org.drjenkins.engine.manifest.BackupLayout;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.manifest.VerificationRecord;
import org.drjenkins.engine.manifest.VerificationRecord.FailedBy;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.testing.S3Fixture;
import org.drjenkins.engine.testing.SmallFilesystem;
import org.drjenkins.engine.util.Json;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Evidence is only made weaker by a failure of the backup itself: verifications on a real full filesystem (a small
 * tmpfs) against a real S3 server are kept as history but leave the passing record and the verdict as they were.
 */
public class VerificationEvidenceTest {

    @ClassRule
    public static final S3Fixture S3 = new S3Fixture();

    @ClassRule
    public static final TemporaryFolder TEMP = new TemporaryFolder();

    /** Two incompressible files of 1.5 MiB: the tar is about 3 MiB, restored it needs as much again. */
    private static Path tree;

    @BeforeClass
    public static void makeTree() throws Exception {
        tree = TEMP.newFolder("tree").toPath();
        Random random = new Random(13);
        for (String name : List.of("a.bin", "b.bin")) {
            byte[] bytes = new byte[3 * 512 * 1024];
            random.nextBytes(bytes);
            Files.write(tree.resolve(name), bytes);
        }
    }

    private static Secrets secrets() {
        return new Secrets(S3.server().credentials(), Optional.empty(), List.of(), Optional.empty());
    }

    /** A fresh plan (its own buckets), backed up once and verified once in a roomy work directory. */
    private static Proven provenBackup() throws Exception {
        DrConfig config = S3.config("components:\n  configuration: { type: directory, path: \"" + tree + "\", compression: none }\n");
        Manifest manifest = new BackupService(config, secrets(), S3.stores(), Clock.systemUTC(), Progress.NONE, Duration.ofSeconds(5))
                .run(new BackupRequest("configuration", true, true)).manifest();
        VerifyOutcome passed = verify(config, TEMP.newFolder().toPath());
        assertThat(passed.verified()).as(String.join("; ", passed.record().failures())).isTrue();
        return new Proven(config, BackupId.parse(manifest.backupId()).orElseThrow(), current(config, manifest));
    }

    private record Proven(DrConfig config, BackupId id, byte[] record) {
    }

    private static byte[] current(DrConfig config, Manifest manifest) {
        try (ObjectStore store = S3.open(config.primary())) {
            return store.getBytes(BackupLayout.verificationKey("configuration", BackupId.parse(manifest.backupId()).orElseThrow())).orElseThrow();
        }
    }

    private static VerifyOutcome verify(DrConfig config, Path workDir) {
        return new VerifyRestoreService(config, secrets(), S3.stores(), Clock.systemUTC(), Progress.NONE)
                .run(new VerifyRequest("configuration", "latest", Optional.empty(), false, false, Optional.of(workDir)));
    }

    private static ComponentCompliance compliance(DrConfig config) {
        return new ComplianceService(config, S3.stores()).evaluate(Instant.now()).components().get(0);
    }

    /** The passing record is still the current one, byte for byte, and the verdict still rests on it. */
    private static void assertEvidenceUntouched(Proven proven, String because) {
        try (ObjectStore store = S3.open(proven.config().primary())) {
            assertThat(store.getBytes(BackupLayout.verificationKey("configuration", proven.id()))).as(because).contains(proven.record());
            BackupCatalog catalog = new BackupCatalog(store);
            assertThat(catalog.latestVerified("configuration")).as(because).isPresent();
            assertThat(catalog.read("configuration", proven.id()).verificationState()).isEqualTo("verified");
        }
        ComponentCompliance c = compliance(proven.config());
        assertThat(c.rpoBasis()).as(because).isEqualTo("verified backup " + proven.id());
        assertThat(c.reasons()).as(because).noneMatch(r -> r.contains("FAILED") || r.contains("no backup has passed"));
        assertThat(c.rtoSeconds()).as(because).isPresent();
    }

    @Test
    public void aScratchDiskTooSmallForTheDownloadLeavesThePassingRecordAndTheVerdictUntouched() throws Exception {
        Proven proven = provenBackup();
        ComponentCompliance before = compliance(proven.config());

        VerifyOutcome outcome;
        try (SmallFilesystem full = SmallFilesystem.mount("dr-evidence-1m-", 1)) {
            outcome = verify(proven.config(), full.path());
            assertThat(VerifyFixtures.entries(full.path())).as("scratch left behind").isEmpty();
        }

        assertThat(outcome.verified()).isFalse();
        assertThat(outcome.inconclusive()).isTrue();
        assertThat(outcome.record().failedBy()).isEqualTo(FailedBy.ENVIRONMENT);
        assertThat(outcome.record().failures()).last().asString().startsWith("not a failure of the backup: cannot write the local copy in ")
                .contains("the scratch disk is full (No space left on device)");
        assertThat(outcome.recordedIn()).isEmpty();
        assertEvidenceUntouched(proven, "after a download onto a full disk");
        assertThat(compliance(proven.config()).verdict()).isEqualTo(before.verdict());
        try (ObjectStore store = S3.open(proven.config().primary())) {
            List<VerificationRecord> history = new BackupCatalog(store).verificationHistory("configuration", proven.id());
            assertThat(history).extracting(VerificationRecord::passed, VerificationRecord::failedBy)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(true, null),
                            org.assertj.core.groups.Tuple.tuple(false, FailedBy.ENVIRONMENT));
        }
    }

    @Test
    public void aScratchDiskThatFillsWhileTheTreeIsExtractedIsNotAFailedBackup() throws Exception {
        Proven proven = provenBackup();

        VerifyOutcome outcome;
        // Room for the 3 MiB download, not for the 3 MiB extracted beside it.
        try (SmallFilesystem full = SmallFilesystem.mount("dr-evidence-4m-", 4)) {
            outcome = verify(proven.config(), full.path());
            assertThat(VerifyFixtures.entries(full.path())).as("scratch left behind").isEmpty();
        }

        assertThat(outcome.inconclusive()).as(String.join("; ", outcome.record().failures())).isTrue();
        assertThat(outcome.record().failures()).singleElement().asString()
                .startsWith("restore could not finish (not a failure of the backup): ").contains("No space left on device");
        assertThat(outcome.record().phaseSeconds()).containsKey("restore");
        assertEvidenceUntouched(proven, "after an extraction onto a full disk");
    }

    @Test
    public void aBackupThatReallyFailsStillReplacesThePassingRecordAndIsKeptInTheHistory() throws Exception {
        Proven proven = provenBackup();
        Manifest manifest;
        try (ObjectStore store = S3.open(proven.config().primary())) {
            manifest = new BackupCatalog(store).manifest("configuration", proven.id()).orElseThrow();
        }
        byte[] stored = VerifyFixtures.read(S3, proven.config(), manifest.artifacts().get(0).key());
        stored[stored.length / 2] ^= 1;
        VerifyFixtures.write(S3, proven.config(), manifest.artifacts().get(0).key(), stored);

        VerifyOutcome outcome = verify(proven.config(), TEMP.newFolder().toPath());

        assertThat(outcome.verified()).isFalse();
        assertThat(outcome.inconclusive()).isFalse();
        assertThat(outcome.record().failedBy()).isEqualTo(FailedBy.BACKUP);
        assertThat(outcome.record().failures()).singleElement().asString().contains("SHA-256 mismatch");
        assertThat(outcome.recordedIn()).contains("us-east-1");
        try (ObjectStore store = S3.open(proven.config().primary())) {
            BackupCatalog catalog = new BackupCatalog(store);
            assertThat(catalog.read("configuration", proven.id()).verificationState()).isEqualTo("FAILED verification");
            assertThat(catalog.verificationHistory("configuration", proven.id())).extracting(VerificationRecord::passed)
                    .containsExactly(true, false);
        }
        assertThat(compliance(proven.config()).reasons()).anyMatch(r -> r.contains("no backup has passed"));
    }

    @Test
    public void recordsWrittenBeforeTheFailedByFieldStillReadAsTheBackupsOwnResult() throws Exception {
        Proven proven = provenBackup();
        try (ObjectStore store = S3.open(proven.config().primary())) {
            String key = BackupLayout.verificationKey("configuration", proven.id());
            ObjectNode legacy = (ObjectNode) Json.mapper().readTree(proven.record());
            legacy.remove("failedBy");
            legacy.put("passed", false);
            legacy.putArray("failures").add("restore failed: pg_restore exited 1");
            assertThat(legacy.has("failedBy")).isFalse();
            store.putBytes(key, Json.mapper().writeValueAsBytes(legacy), "application/json");

            VerificationRecord read = new BackupCatalog(store).verification("configuration", proven.id()).orElseThrow();

            assertThat(read.failedBy()).isNull();
            assertThat(read.conclusive()).isTrue();
            assertThat(new BackupCatalog(store).read("configuration", proven.id()).verificationState()).isEqualTo("FAILED verification");
        }
    }
}
