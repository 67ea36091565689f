package org.drjenkins.engine.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.drjenkins.engine.restore.VerifyFixtures.entries;
import static org.drjenkins.engine.restore.VerifyFixtures.read;
import static org.drjenkins.engine.restore.VerifyFixtures.sha256;
import static org.drjenkins.engine.restore.VerifyFixtures.storedRecord;
import static org.drjenkins.engine.restore.VerifyFixtures.verifyClusterDirs;
import static org.drjenkins.engine.restore.VerifyFixtures.verifyClusterPostmasters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.backup.BackupRequest;
import org.drjenkins.engine.backup.BackupService;
import org.drjenkins.engine.codec.AgeKeys;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.manifest.ArtifactRecord;
import org.drjenkins.engine.manifest.BackupCatalog;
import org.drjenkins.engine.manifest.BackupId;
import org.drjenkins.engine.manifest.BackupLayout;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.manifest.VerificationRecord;
import org.drjenkins.engine.manifest.VerificationRecord.CheckResult;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.testing.PostgresFixture;
import org.drjenkins.engine.testing.S3Fixture;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.util.OptionNames;
import org.drjenkins.engine.util.Json;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * verify-restore of encrypted pg_dump backups against real PostgreSQL 15 and a real S3 server: a good backup restores
 * with equal row counts and passing checks; every kind of damage is caught and named; the ephemeral cluster never
 * outlives the run.
 */
public class VerifyRestorePostgresTest {

    /** Every component of this class starts with this, so leftovers of its ephemeral clusters can be told apart. */
    private static final String PREFIX = "vrdb";
    private static final String USER_CHECK = "select count(*) > 0 from users";

    @ClassRule
    public static final S3Fixture S3 = new S3Fixture();

    @ClassRule
    public static final PostgresFixture PG = new PostgresFixture("verify-restore-source");

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private static final AgeKeys.KeyPair KEY = AgeKeys.generate();
    private static Map<String, Long> sourceRows;

    @BeforeClass
    public static void createSourceDatabase() throws Exception {
        PG.cluster().execute("postgres", "CREATE DATABASE shop");
        PG.cluster().execute("shop", "CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL, profile jsonb);"
                + "INSERT INTO users (name, profile) SELECT 'user ' || g, jsonb_build_object('n', g) FROM generate_series(1, 300) g;"
                + "CREATE TABLE orders (id bigserial PRIMARY KEY, user_id int REFERENCES users, amount numeric(10,2), placed timestamptz);"
                + "INSERT INTO orders (user_id, amount, placed) SELECT 1 + g % 300, g * 1.25, now() - g * interval '1 minute'"
                + " FROM generate_series(1, 2000) g;"
                + "CREATE TABLE empty_table (x int)");
        sourceRows = Map.of("public.users", 300L, "public.orders", 2000L, "public.empty_table", 0L);
    }

    @After
    public void noEphemeralClusterOutlivesATest() throws Exception {
        assertThat(verifyClusterPostmasters(PREFIX)).isEmpty();
        assertThat(verifyClusterDirs(PREFIX)).isEmpty();
    }

    private static Secrets secrets(Optional<String> identity) {
        return new Secrets(S3.server().credentials(), Optional.empty(), List.of(KEY.recipient()), identity);
    }

    private static DrConfig config(String component, String database, String checks) {
        return S3.config("targets:\n  " + component + ": { rto: 15m, rpo: 5m }\n"
                + "components:\n  " + component + ": { type: postgres, url: \"postgresql://postgres@127.0.0.1:" + PG.cluster().port() + "/"
                + database + "\", encrypt: true, checks: [" + checks + "] }\n");
    }

    private static Manifest backup(DrConfig config, String component, boolean copies, Clock clock) {
        return new BackupService(config, secrets(Optional.empty()), S3.stores(), clock, Progress.NONE, Duration.ofSeconds(5))
                .run(new BackupRequest(component, !copies, true)).manifest();
    }

    private VerifyRequest request(String component, String backup) throws Exception {
        return new VerifyRequest(component, backup, Optional.empty(), false, false, Optional.of(temp.newFolder().toPath()));
    }

    private static VerifyOutcome verify(DrConfig config, Optional<String> identity, VerifyRequest request, Progress progress) {
        return new VerifyRestoreService(config, secrets(identity), S3.stores(), Clock.systemUTC(), progress).run(request);
    }

    private static VerifyOutcome verify(DrConfig config, VerifyRequest request) {
        return verify(config, Optional.of(KEY.identity()), request, Progress.NONE);
    }

    @Test
    public void aGoodBackupRestoresWithEqualRowCountsAndPassingChecksAndIsRecordedInEveryRegionHoldingIt() throws Exception {
        DrConfig config = config(PREFIX, "shop", "\"" + USER_CHECK + "\"");
        Manifest manifest = backup(config, PREFIX, true, Clock.systemUTC());
        VerifyFixtures.Probe probe = new VerifyFixtures.Probe(PREFIX);
        VerifyRequest request = request(PREFIX, "latest");

        VerifyOutcome outcome = verify(config, Optional.of(KEY.identity()), request, probe);

        VerificationRecord record = outcome.record();
        assertThat(record.failures()).isEmpty();
        assertThat(outcome.verified()).isTrue();
        assertThat(record.backupId()).isEqualTo(manifest.backupId());
        assertThat(record.mode()).isEqualTo("restore");
        assertThat(manifest.source().get("rowCounts")).isEqualTo(sourceRows);
        assertThat(record.checks()).containsExactly(
                new CheckResult("row counts match manifest", true, "3 tables, " + sourceRows.values().stream().mapToLong(Long::longValue).sum() + " rows"),
                new CheckResult(USER_CHECK, true, "returned true"));
        assertThat(record.phaseSeconds()).containsOnlyKeys("fetchVerify", "restore", "checks");
        assertThat(record.rtoSeconds()).isPositive().isGreaterThanOrEqualTo(record.phaseSeconds().values().stream().mapToDouble(d -> d).sum() - 0.01);
        assertThat(record.rpoSeconds()).isPositive().isLessThan(120);
        assertThat(record.restoredBytes()).isEqualTo(manifest.rawBytes());
        assertThat(outcome.compliant()).isTrue();
        // The restore really ran in an ephemeral cluster, which the probe saw alive while the checks ran.
        assertThat(probe.postmastersDuringChecks).hasSize(1);
        assertThat(entries(request.workDir().orElseThrow())).isEmpty();

        assertThat(outcome.recordedIn()).containsExactly("us-east-1", "eu-west-1", "ap-southeast-1");
        BackupId id = BackupId.parse(manifest.backupId()).orElseThrow();
        for (Region region : config.regions()) {
            VerificationRecord stored = storedRecord(S3, config, region, BackupLayout.verificationKey(PREFIX, id));
            assertThat(stored).as(region.name()).isEqualTo(record);
        }

        // A newer backup, not yet verified, is "latest"; "latest-verified" still selects the proven one.
        Manifest newer = backup(config, PREFIX, false, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)));
        try (ObjectStore primary = S3.open(config.primary())) {
            BackupCatalog catalog = new BackupCatalog(primary);
            assertThat(catalog.latest(PREFIX).orElseThrow().id().value()).isEqualTo(newer.backupId());
            assertThat(catalog.latestVerified(PREFIX).orElseThrow().id().value()).isEqualTo(manifest.backupId());
        }
        VerifyOutcome selected = verify(config, new VerifyRequest(PREFIX, "latest-verified", Optional.empty(), false, true, Optional.empty()));
        assertThat(selected.record().backupId()).isEqualTo(manifest.backupId());
    }

    @Test
    public void aFailingUserCheckFailsTheVerificationAndTheClusterIsStillRemoved() throws Exception {
        String component = PREFIX + "-strict";
        DrConfig config = config(component, "shop", "\"" + USER_CHECK + "\", \"select count(*) > 1000000 from users\"");
        Manifest manifest = backup(config, component, false, Clock.systemUTC());
        VerifyFixtures.Probe probe = new VerifyFixtures.Probe(PREFIX);

        VerifyOutcome outcome = verify(config, Optional.of(KEY.identity()), request(component, "latest"), probe);

        assertThat(outcome.verified()).isFalse();
        assertThat(outcome.compliant()).isFalse();
        assertThat(outcome.record().failures())
                .containsExactly("check failed: select count(*) > 1000000 from users: returned false (expected true)");
        assertThat(outcome.record().checks()).extracting(CheckResult::passed).containsExactly(true, true, false);
        assertThat(probe.postmastersDuringChecks).hasSize(1);
        VerificationRecord stored = storedRecord(S3, config, config.primary(),
                BackupLayout.verificationKey(component, BackupId.parse(manifest.backupId()).orElseThrow()));
        assertThat(stored.passed()).isFalse();
        assertThatThrownBy(() -> verify(config, request(component, "latest-verified")))
                .isInstanceOf(InvalidRequestException.class).extracting(OptionNames::of).asString().isEqualTo("--backup latest-verified: no verified backup of " + component + " found");
    }

    @Test
    public void aDumpThatPgRestoreRejectsIsARestoreFailureAndTheClusterIsRemoved() throws Exception {
        String component = PREFIX + "-garbage";
        DrConfig config = config(component, "shop", "");
        Manifest manifest = backup(config, component, false, Clock.systemUTC());
        // Integrity is intact (the manifest agrees with the new bytes), the content is not a dump.
        VerifyFixtures.replaceContent(S3, config, manifest, "not a custom-format dump".getBytes(StandardCharsets.UTF_8),
                List.of(KEY.recipient()));
        VerifyFixtures.Probe probe = new VerifyFixtures.Probe(PREFIX);

        VerifyOutcome outcome = verify(config, Optional.of(KEY.identity()), request(component, "latest"), probe);

        assertThat(outcome.verified()).isFalse();
        assertThat(outcome.record().failures()).singleElement().asString()
                .startsWith("restore failed: pg_restore of " + component + ".dump into postgresql://postgres@127.0.0.1:")
                .endsWith("/shop exited 1: input file does not appear to be a valid archive (too short?)");
        assertThat(outcome.record().phaseSeconds()).containsOnlyKeys("fetchVerify", "restore");
        assertThat(probe.postmastersSeen).isNotEmpty();
    }

    @Test
    public void aFlippedByteIsASha256MismatchNamingArtifactExpectedAndActual() throws Exception {
        DrConfig config = config(PREFIX + "-flip", "shop", "");
        Manifest manifest = backup(config, PREFIX + "-flip", false, Clock.systemUTC());
        ArtifactRecord artifact = manifest.artifacts().get(0);
        byte[] bytes = read(S3, config, artifact.key());
        bytes[bytes.length / 2] ^= 0x01;
        VerifyFixtures.write(S3, config, artifact.key(), bytes);

        VerifyOutcome outcome = verify(config, request(PREFIX + "-flip", "latest"));

        assertThat(outcome.verified()).isFalse();
        assertThat(outcome.record().failures()).containsExactly(artifact.fileName() + ": SHA-256 mismatch: expected " + artifact.sha256()
                + ", actual " + sha256(bytes));
        assertThat(outcome.record().checks()).isEmpty();
        assertThat(outcome.recordedIn()).containsExactly("us-east-1");
    }

    @Test
    public void aTruncatedArtifactIsASizeMismatch() throws Exception {
        DrConfig config = config(PREFIX + "-cut", "shop", "");
        Manifest manifest = backup(config, PREFIX + "-cut", false, Clock.systemUTC());
        ArtifactRecord artifact = manifest.artifacts().get(0);
        byte[] bytes = read(S3, config, artifact.key());
        VerifyFixtures.write(S3, config, artifact.key(), Arrays.copyOf(bytes, bytes.length - 100));

        VerifyOutcome outcome = verify(config, request(PREFIX + "-cut", "latest"));

        assertThat(outcome.verified()).isFalse();
        assertThat(outcome.record().failures()).containsExactly(artifact.fileName() + ": size mismatch: expected " + bytes.length
                + " bytes, found " + (bytes.length - 100) + " (truncated)");
    }

    @Test
    public void aMissingArtifactIsNamedWithWhereItShouldBe() throws Exception {
        DrConfig config = config(PREFIX + "-gone", "shop", "");
        Manifest manifest = backup(config, PREFIX + "-gone", false, Clock.systemUTC());
        ArtifactRecord artifact = manifest.artifacts().get(0);
        try (ObjectStore store = S3.open(config.primary())) {
            store.delete(artifact.key());
        }

        VerifyOutcome outcome = verify(config, request(PREFIX + "-gone", "latest"));

        assertThat(outcome.verified()).isFalse();
        assertThat(outcome.record().failures()).containsExactly(artifact.fileName() + ": missing: expected " + artifact.storedBytes()
                + " bytes at s3://" + config.primary().bucket() + "/" + artifact.key() + ", found no object");
    }

    @Test
    public void aManifestWithAnEditedDigestIsASha256Mismatch() throws Exception {
        DrConfig config = config(PREFIX + "-digest", "shop", "");
        Manifest manifest = backup(config, PREFIX + "-digest", false, Clock.systemUTC());
        ArtifactRecord artifact = manifest.artifacts().get(0);
        String edited = "0".repeat(64);
        VerifyFixtures.rewriteManifest(S3, config, manifest, new ArtifactRecord(artifact.key(), artifact.storedBytes(), artifact.rawBytes(), edited));

        VerifyOutcome outcome = verify(config, request(PREFIX + "-digest", "latest"));

        assertThat(outcome.verified()).isFalse();
        assertThat(outcome.record().failures()).containsExactly(artifact.fileName() + ": SHA-256 mismatch: expected " + edited
                + ", actual " + artifact.sha256());
    }

    @Test
    public void bytesTamperedTogetherWithTheManifestStillFailAgeAuthentication() throws Exception {
        DrConfig config = config(PREFIX + "-forged", "shop", "");
        Manifest manifest = backup(config, PREFIX + "-forged", false, Clock.systemUTC());
        ArtifactRecord artifact = manifest.artifacts().get(0);
        byte[] bytes = read(S3, config, artifact.key());
        bytes[bytes.length - 20] ^= 0x40; // inside the last encrypted chunk
        VerifyFixtures.write(S3, config, artifact.key(), bytes);
        VerifyFixtures.rewriteManifest(S3, config, manifest, new ArtifactRecord(artifact.key(), bytes.length, artifact.rawBytes(), sha256(bytes)));

        VerifyOutcome outcome = verify(config, request(PREFIX + "-forged", "latest"));

        assertThat(outcome.verified()).isFalse();
        assertThat(outcome.record().failures()).containsExactly(artifact.fileName()
                + ": age authentication failed: stored bytes were modified or truncated");
    }

    @Test
    public void aWrongAgeIdentityFailsNamingBothKeysAndRecordsNothing() throws Exception {
        String component = PREFIX + "-key";
        DrConfig config = config(component, "shop", "");
        Manifest manifest = backup(config, component, false, Clock.systemUTC());
        AgeKeys.KeyPair other = AgeKeys.generate();

        VerifyOutcome outcome = verify(config, Optional.of(other.identity()), request(component, "latest"), Progress.NONE);

        assertThat(outcome.verified()).isFalse();
        assertThat(outcome.record().failures()).containsExactly("age identity does not match: backup " + manifest.backupId()
                + " is encrypted to " + KEY.recipient() + "; the identity given (DR_AGE_IDENTITY or DR_AGE_IDENTITY_FILE) is the key of " + other.recipient());
        assertThat(outcome.record().failures().get(0)).doesNotContain(other.identity());
        // The operator's key is wrong, not the backup: it must not be marked as failed.
        assertThat(outcome.recordedIn()).isEmpty();
        assertThat(storedRecord(S3, config, config.primary(), BackupLayout.verificationKey(component,
                BackupId.parse(manifest.backupId()).orElseThrow()))).isNull();
    }

    @Test
    public void aMissingAgeIdentityIsBadInputAndRecordsNothing() throws Exception {
        String component = PREFIX + "-nokey";
        DrConfig config = config(component, "shop", "");
        Manifest manifest = backup(config, component, false, Clock.systemUTC());
        VerifyRequest request = request(component, "latest");

        assertThatThrownBy(() -> verify(config, Optional.empty(), request, Progress.NONE))
                .isInstanceOf(InvalidRequestException.class)
                .extracting(OptionNames::of).asString().isEqualTo("backup " + manifest.backupId() + " is age-encrypted: set DR_AGE_IDENTITY or DR_AGE_IDENTITY_FILE "
                        + "to the private key matching one of its recipients");
        assertThat(storedRecord(S3, config, config.primary(), BackupLayout.verificationKey(component,
                BackupId.parse(manifest.backupId()).orElseThrow()))).isNull();
        assertThat(entries(request.workDir().orElseThrow())).isEmpty();
    }

    @Test
    public void integrityOnlyStoresIntegrityJsonLeavesVerificationJsonAloneAndStartsNoDatabase() throws Exception {
        String component = PREFIX + "-daily";
        DrConfig config = config(component, "shop", "\"" + USER_CHECK + "\"");
        Manifest manifest = backup(config, component, true, Clock.systemUTC());
        BackupId id = BackupId.parse(manifest.backupId()).orElseThrow();
        byte[] earlierProof = Json.toBytes(new VerificationRecord(manifest.backupId(), java.time.Instant.now(), true, "restore", List.of(),
                Map.of("restore", 1.0), 2.0, 3.0, manifest.rawBytes(), List.of(), "earlier-host", "0.1"));
        for (Region region : config.regions()) {
            try (ObjectStore store = S3.open(region)) {
                store.putBytes(BackupLayout.verificationKey(component, id), earlierProof, "application/json");
            }
        }
        VerifyFixtures.Probe probe = new VerifyFixtures.Probe(PREFIX);

        VerifyOutcome outcome = verify(config, Optional.of(KEY.identity()),
                new VerifyRequest(component, manifest.backupId(), Optional.empty(), false, true, Optional.of(temp.newFolder().toPath())), probe);

        assertThat(outcome.verified()).isTrue();
        assertThat(outcome.compliant()).as("an integrity check is no RTO evidence").isFalse();
        assertThat(outcome.record().mode()).isEqualTo("integrity");
        assertThat(outcome.record().phaseSeconds()).containsOnlyKeys("fetchVerify");
        assertThat(outcome.record().checks()).isEmpty();
        assertThat(outcome.record().restoredBytes()).isEqualTo(manifest.rawBytes());
        assertThat(probe.phases).noneMatch(p -> p.startsWith("prepare") || p.startsWith("restore"));
        assertThat(probe.postmastersSeen).isEmpty();
        assertThat(outcome.recordedIn()).containsExactly("us-east-1", "eu-west-1", "ap-southeast-1");
        for (Region region : config.regions()) {
            try (ObjectStore store = S3.open(region)) {
                assertThat(store.getBytes(BackupLayout.verificationKey(component, id))).as(region.name()).contains(earlierProof);
                assertThat(store.getBytes(BackupLayout.integrityKey(component, id)).map(b -> Json.fromBytes(b, VerificationRecord.class, "x")))
                        .as(region.name()).contains(outcome.record());
            }
        }
    }

    @Test
    public void restoreIntoAnExistingServerRefusesAnExistingDatabaseUnlessReplaced() throws Exception {
        String component = PREFIX + "-target";
        PG.cluster().execute("postgres", "CREATE DATABASE inventory");
        PG.cluster().execute("inventory", "CREATE TABLE users (id int); INSERT INTO users SELECT generate_series(1, 40)");
        DrConfig config = config(component, "inventory", "\"" + USER_CHECK + "\"");
        Manifest manifest = backup(config, component, false, Clock.systemUTC());
        PG.cluster().execute("inventory", "INSERT INTO users VALUES (41)"); // after the backup: gone once replaced
        String target = "postgresql://postgres@127.0.0.1:" + PG.cluster().port() + "/postgres";
        Path workDir = temp.newFolder().toPath();

        assertThatThrownBy(() -> verify(config, new VerifyRequest(component, "latest", Optional.of(target), false, false, Optional.of(workDir))))
                .isInstanceOf(InvalidRequestException.class)
                .extracting(OptionNames::of).asString().isEqualTo("--target: database inventory already exists on postgresql://postgres@127.0.0.1:" + PG.cluster().port()
                        + "/postgres; pass --replace to drop it, or restore into another server");
        assertThat(PG.cluster().sql("inventory", "select count(*) from users")).isEqualTo("41");
        assertThat(storedRecord(S3, config, config.primary(), BackupLayout.verificationKey(component,
                BackupId.parse(manifest.backupId()).orElseThrow()))).isNull();
        assertThat(entries(workDir)).isEmpty();

        VerifyFixtures.Probe probe = new VerifyFixtures.Probe(PREFIX);
        VerifyOutcome replaced = verify(config, Optional.of(KEY.identity()),
                new VerifyRequest(component, "latest", Optional.of(target), true, false, Optional.of(workDir)), probe);

        assertThat(replaced.record().failures()).isEmpty();
        assertThat(replaced.verified()).isTrue();
        assertThat(replaced.record().checks()).containsExactly(new CheckResult("row counts match manifest", true, "1 tables, 40 rows"),
                new CheckResult(USER_CHECK, true, "returned true"));
        assertThat(PG.cluster().sql("inventory", "select count(*) from users")).isEqualTo("40");
        assertThat(probe.postmastersSeen).as("no ephemeral cluster with --target").isEmpty();
    }

    @Test
    public void contradictoryOptionsAreBadInput() {
        DrConfig config = config(PREFIX + "-opts", "shop", "");
        String target = "postgresql://postgres@127.0.0.1:" + PG.cluster().port() + "/postgres";

        assertThatThrownBy(() -> verify(config, new VerifyRequest(PREFIX + "-opts", "latest", Optional.empty(), true, false, Optional.empty())))
                .isInstanceOf(InvalidRequestException.class).extracting(OptionNames::of).asString().startsWith("--replace needs --target");
        assertThatThrownBy(() -> verify(config, new VerifyRequest(PREFIX + "-opts", "latest", Optional.of(target), false, true, Optional.empty())))
                .isInstanceOf(InvalidRequestException.class).extracting(OptionNames::of).asString().startsWith("--target with --integrity-only");
        assertThatThrownBy(() -> verify(config, new VerifyRequest(PREFIX + "-opts", "yesterday", Optional.empty(), false, false, Optional.empty())))
                .isInstanceOf(InvalidRequestException.class).extracting(OptionNames::of).asString().startsWith("--backup yesterday: not a backup id");
        assertThatThrownBy(() -> verify(config, new VerifyRequest(PREFIX + "-opts", "20260125T021500Z-3f9a", Optional.empty(), false, false,
                Optional.empty()))).isInstanceOf(InvalidRequestException.class).extracting(OptionNames::of).asString().startsWith("--backup 20260125T021500Z-3f9a: "
                        + PREFIX + "-opts/20260125T021500Z-3f9a has no manifest (no such backup");
        assertThatThrownBy(() -> verify(config, VerifyRequest.latest(PREFIX + "-opts")))
                .isInstanceOf(InvalidRequestException.class).extracting(OptionNames::of).asString().isEqualTo("--backup latest: no backup of " + PREFIX + "-opts found");
    }
}
