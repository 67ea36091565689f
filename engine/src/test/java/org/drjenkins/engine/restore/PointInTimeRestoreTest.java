package org.drjenkins.engine.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.backup.BackupRequest;
import org.drjenkins.engine.backup.BackupResult;
import org.drjenkins.engine.backup.BackupService;
import org.drjenkins.engine.compliance.ComplianceService;
import org.drjenkins.engine.compliance.ComponentCompliance;
import org.drjenkins.engine.config.Component;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.manifest.BackupCatalog;
import org.drjenkins.engine.manifest.BackupId;
import org.drjenkins.engine.manifest.BackupLayout;
import org.drjenkins.engine.manifest.VerificationRecord;
import org.drjenkins.engine.manifest.VerificationRecord.CheckResult;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.ObjectInfo;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.testing.S3Fixture;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.wal.ArchivingCluster;
import org.drjenkins.engine.wal.BaseBackupPoint;
import org.drjenkins.engine.wal.Lsn;
import org.drjenkins.engine.wal.WalPusher;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Point-in-time restore end to end in-process: a real PostgreSQL 15 archiving its WAL, a base backup by pg_basebackup
 * through the backup service, two batches of rows either side of a moment T, and verify-restore replaying the
 * archive (S3Proxy) into a throwaway cluster to T, to a WAL position and to the end.
 */
public class PointInTimeRestoreTest {

    @ClassRule
    public static final S3Fixture S3 = new S3Fixture();

    @ClassRule
    public static final ArchivingCluster PG = new ArchivingCluster("pitr");

    private static DrConfig config;
    private static BackupResult backup;
    private static Instant betweenBatches;
    private static Lsn afterFirstBatch;

    @BeforeClass
    public static void backUpThenWriteTwoBatches() throws Exception {
        PG.cluster().execute("postgres", "CREATE DATABASE shop");
        PG.cluster().execute("shop", "CREATE TABLE orders (id serial PRIMARY KEY, batch int NOT NULL, note text)");
        config = S3.config("components:\n  db:\n    type: postgres-cluster\n    url: " + PG.cluster().url("shop") + "\n");
        try (ObjectStore primary = S3.open(config.primary())) {
            WalPusher pusher = new WalPusher(primary, "db", config.component("db").orElseThrow().compression(), 3, List.of());
            backup = new BackupService(config, secrets(), S3.stores(), Clock.systemUTC(), Progress.NONE).run(BackupRequest.of("db"));

            PG.cluster().execute("shop", "INSERT INTO orders (batch, note) SELECT 1, 'first ' || i FROM generate_series(1, 100) i");
            afterFirstBatch = Lsn.parse(PG.cluster().sql("shop", "SELECT pg_current_wal_lsn()"));
            betweenBatches = OffsetDateTime.parse(PG.cluster().sql("shop", "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC',"
                    + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")).toInstant();
            Thread.sleep(20);
            PG.cluster().execute("shop", "INSERT INTO orders (batch, note) SELECT 2, 'second ' || i FROM generate_series(1, 50) i");
            PG.switchSegment();
            PG.pushAll(pusher);
        }
    }

    private static Secrets secrets() {
        return new Secrets(S3.server().credentials(), Optional.empty(), List.of(), Optional.empty());
    }

    /** The plan with other checks on the same component and buckets. */
    private static DrConfig withChecks(DrConfig plan, String... checks) {
        Component db = plan.component("db").orElseThrow();
        Component checked = new Component(db.name(), db.type(), db.url(), null, null, db.encrypt(), db.compression(), db.compressionLevel(),
                List.of(checks), db.archiveTimeout());
        return new DrConfig(plan.regions(), plan.thresholds(), plan.targets(), Map.of("db", checked), plan.ageRecipients());
    }

    private static VerifyOutcome verify(DrConfig plan, RecoveryTarget target) {
        return new VerifyRestoreService(plan, secrets(), S3.stores(), Clock.systemUTC(), Progress.NONE)
                .run(VerifyRequest.latest("db").withRecoveryTarget(target));
    }

    private static String failures(VerifyOutcome outcome) {
        return String.join("\n", outcome.record().failures());
    }

    @Test
    public void theBaseBackupRecordsTheWalRangeItNeedsAndTheArchiveHoldsIt() {
        BaseBackupPoint point = BaseBackupPoint.of(backup.manifest()).orElseThrow();

        assertThat(backup.manifest().sourceType()).isEqualTo("postgres-cluster");
        assertThat(backup.manifest().artifacts().get(0).fileName()).isEqualTo("db.base.tar.zst");
        assertThat(point.timeline()).isEqualTo(1);
        assertThat(point.stopLsn()).isGreaterThan(point.startLsn());
        assertThat(backup.manifest().source()).containsEntry(BaseBackupPoint.START_SEGMENT, point.startSegmentName().name());
        try (ObjectStore primary = S3.open(config.primary())) {
            assertThat(primary.list("db/wal/00000001/" + point.startSegmentName().name() + "-")).hasSize(1);
        }
    }

    @Test
    public void aRestoreToTheMomentBetweenTwoBatchesHoldsExactlyTheFirst() {
        VerifyOutcome outcome = verify(withChecks(config, "select count(*) = 100 from orders where batch = 1",
                "select count(*) = 0 from orders where batch = 2"), RecoveryTarget.time(betweenBatches));

        assertThat(outcome.verified()).as(failures(outcome)).isTrue();
        assertThat(outcome.record().checks()).extracting(CheckResult::passed).containsOnly(true);
        assertThat(outcome.record().checks().get(0).name()).isEqualTo("recovery point reached (target: time " + betweenBatches + ")");
        assertThat(outcome.consistentAt()).isBefore(betweenBatches).isAfter(backup.manifest().startedAt());
    }

    @Test
    public void aRestoreToTheEndOfTheArchiveHoldsBothBatches() {
        VerifyOutcome outcome = verify(withChecks(config, "select count(*) = 100 from orders where batch = 1",
                "select count(*) = 50 from orders where batch = 2"), RecoveryTarget.END);

        assertThat(outcome.verified()).as(failures(outcome)).isTrue();
        assertThat(outcome.consistentAt()).isAfter(betweenBatches);
        assertThat(outcome.record().checks().get(0).detail()).contains("last transaction committed at");
    }

    @Test
    public void aRestoreToAWalPositionStopsThere() {
        VerifyOutcome outcome = verify(withChecks(config, "select count(*) = 100 from orders",
                "select pg_last_wal_replay_lsn() >= '" + afterFirstBatch + "'"), RecoveryTarget.lsn(afterFirstBatch));

        assertThat(outcome.verified()).as(failures(outcome)).isTrue();
    }

    @Test
    public void aTargetBeforeTheFirstBaseBackupIsRefusedNamingTheEarliestPoint() {
        Instant tooEarly = backup.manifest().startedAt().minusSeconds(3600);

        InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class, () -> verify(config, RecoveryTarget.time(tooEarly)));

        assertThat(refused.getMessage()).contains("no base backup of db had finished by then", "the earliest point to restore to is "
                + backup.manifest().consistentAt());
    }

    @Test
    public void aTargetPastTheEndOfTheArchiveIsNotAFailedBackupAndLeavesThePassingRecordAndVerdict() throws Exception {
        VerifyOutcome passed = verify(config, RecoveryTarget.END);
        assertThat(passed.verified()).as(failures(passed)).isTrue();
        BackupId id = BackupId.parse(backup.manifest().backupId()).orElseThrow();
        byte[] record;
        try (ObjectStore primary = S3.open(config.primary())) {
            record = primary.getBytes(BackupLayout.verificationKey("db", id)).orElseThrow();
        }
        ComponentCompliance before = new ComplianceService(config, S3.stores()).evaluate(Instant.now()).components().get(0);
        Instant tomorrow = Instant.now().plusSeconds(86_400).truncatedTo(java.time.temporal.ChronoUnit.MICROS);

        VerifyOutcome outcome = verify(config, RecoveryTarget.time(tomorrow));

        assertThat(outcome.verified()).isFalse();
        assertThat(outcome.inconclusive()).as(failures(outcome)).isTrue();
        assertThat(outcome.recordedIn()).isEmpty();
        // The scratch cluster's log is gone with it: its reason is kept in the message.
        assertThat(outcome.record().failures()).singleElement().asString().startsWith("restore could not finish (not a failure of the backup): ")
                .contains("the requested recovery target time " + tomorrow + " lies past the end of the archive of db",
                "recovery ended before configured recovery target was reached");
        try (ObjectStore primary = S3.open(config.primary())) {
            assertThat(primary.getBytes(BackupLayout.verificationKey("db", id))).contains(record);
            assertThat(new BackupCatalog(primary).verificationHistory("db", id)).last()
                    .matches(r -> !r.passed() && r.failedBy() == VerificationRecord.FailedBy.ENVIRONMENT);
        }
        ComponentCompliance after = new ComplianceService(config, S3.stores()).evaluate(Instant.now()).components().get(0);
        assertThat(after.verdict()).isEqualTo(before.verdict());
        assertThat(after.rpoBasis()).isEqualTo(before.rpoBasis()).doesNotContain("UNVERIFIED");
        assertThat(after.rtoMeasuredAt()).isEqualTo(before.rtoMeasuredAt());
    }

    @Test
    public void aMissingSegmentFailsTheRestoreBeforeReplayAndIsNamed() {
        DrConfig copy = S3.config("components:\n  db:\n    type: postgres-cluster\n    url: " + PG.cluster().url("shop") + "\n");
        String missing;
        try (ObjectStore from = S3.open(config.primary()); ObjectStore to = S3.open(copy.primary())) {
            List<ObjectInfo> objects = from.list("db/");
            for (ObjectInfo object : objects) {
                to.copyFrom(from, object.key());
            }
            // A segment with a later one after it: a hole in the run, not just a shorter archive.
            List<ObjectInfo> segments = to.list("db/wal/00000001/").stream()
                    .filter(o -> o.key().matches("db/wal/00000001/[0-9A-F]{24}-.*")).toList();
            assertThat(segments).as("segments archived").hasSizeGreaterThanOrEqualTo(3);
            ObjectInfo gap = segments.get(segments.size() - 2);
            to.delete(gap.key());
            missing = gap.key().substring("db/wal/00000001/".length(), "db/wal/00000001/".length() + 24);
        }

        VerifyOutcome outcome = verify(copy, RecoveryTarget.END);

        assertThat(outcome.verified()).isFalse();
        assertThat(outcome.record().failures()).singleElement().asString().startsWith("restore failed: WAL gap: " + missing + " is missing");
    }
}
