package org.drjenkins.engine.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.config.FreshnessSettings;
import org.drjenkins.engine.config.Targets;
import org.drjenkins.engine.manifest.ArtifactRecord;
import org.drjenkins.engine.manifest.BackupEntry;
import org.drjenkins.engine.manifest.BackupId;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.manifest.VerificationRecord;
import org.junit.Test;

/** The verdict rules on constructed evidence: no store, exact times. */
public class ComplianceEvaluatorTest {

    private static final Instant NOW = Instant.parse("2026-01-25T12:00:00Z");
    private static final Targets TARGETS = new Targets(Duration.ofMinutes(15), Duration.ofMinutes(5));
    private static final Duration RETENTION = Duration.ofDays(30);
    private static final long MB = 1024 * 1024;

    /** A backup consistent {@code age} before NOW, {@code rawBytes} big; started a minute before its consistent point. */
    private static BackupEntry backup(Duration age, long rawBytes, Optional<VerificationRecord> verification) {
        Instant consistent = NOW.minus(age);
        Instant started = consistent.minusSeconds(60);
        BackupId id = BackupId.newId(started);
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, id.value(), "database", "postgres", started, consistent, consistent, "zstd", 3,
                null, List.of(new ArtifactRecord("database/" + id + "/database.dump.zst", rawBytes / 3, rawBytes, "0".repeat(64))), Map.of(),
                "us-east-1", Map.of("name", "dr"), "hint");
        return new BackupEntry("database", id, Optional.of(manifest), Optional.empty(), verification);
    }

    private static BackupEntry unverified(Duration age) {
        return backup(age, 100 * MB, Optional.empty());
    }

    /** Verified {@code verifiedAgo} before NOW with a restore that took {@code rto} for {@code rawBytes}. */
    private static BackupEntry verified(Duration age, Duration verifiedAgo, Duration rto, long rawBytes) {
        VerificationRecord record = new VerificationRecord("x", NOW.minus(verifiedAgo), true, "restore", List.of(),
                Map.of("fetchVerify", 1.0, "restore", 2.0, "checks", 0.5), rto.toMillis() / 1000.0, 60, rawBytes, List.of(), "host", "dev");
        return backup(age, rawBytes, Optional.of(record));
    }

    private static BackupEntry failed(Duration age, String failure) {
        VerificationRecord record = new VerificationRecord("x", NOW.minus(age).plusSeconds(30), false, "restore", List.of(failure), Map.of(),
                10, 60, 0, List.of(), "host", "dev");
        return backup(age, 100 * MB, Optional.of(record));
    }

    private static ComponentCompliance evaluate(BackupEntry... entries) {
        return ComplianceEvaluator.evaluate("database", TARGETS, List.of(entries), NOW, RETENTION);
    }

    @Test
    public void freshVerifiedEvidenceInsideBothTargetsIsCompliant() {
        BackupEntry proven = verified(Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofSeconds(90), 100 * MB);

        ComponentCompliance c = evaluate(proven);

        assertThat(c.verdict()).isEqualTo(Verdict.COMPLIANT);
        assertThat(c.rpoSeconds()).contains(120.0);
        assertThat(c.rpoBasis()).isEqualTo("verified backup " + proven.id());
        assertThat(c.recoveryPoint()).contains(NOW.minus(Duration.ofMinutes(2)));
        assertThat(c.rtoSeconds()).contains(90.0);
        assertThat(c.rtoMeasuredAt()).contains(NOW.minus(Duration.ofMinutes(1)));
        assertThat(c.rtoForecastSeconds()).contains(90.0);
        assertThat(c.reasons()).containsExactly("RPO and RTO inside their targets");
    }

    @Test
    public void evidenceOlderThanTheRetentionWindowIsAtRisk() {
        // A monthly archive: RPO target two months, so only the evidence's age is against it.
        Targets monthly = new Targets(Duration.ofMinutes(15), Duration.ofDays(60));
        BackupEntry proven = verified(Duration.ofDays(40), Duration.ofDays(39), Duration.ofSeconds(90), 100 * MB);

        // Verifications kept fresh for 60 days here, so only the retention rule speaks.
        FreshnessSettings lenient = new FreshnessSettings(Duration.ofDays(60), Duration.ofHours(6), Duration.ofDays(99));
        ComponentCompliance c = ComplianceEvaluator.evaluate("database", monthly, List.of(proven), NOW, RETENTION, lenient);

        assertThat(c.verdict()).isEqualTo(Verdict.AT_RISK);
        assertThat(c.reasons()).containsExactly("last restore verification is older than the 30d retention window");
    }

    @Test
    public void staleEvidenceWithDailyBackupsMeansTheProvenRecoveryPointViolatesTheRpo() {
        BackupEntry proven = verified(Duration.ofDays(40), Duration.ofDays(39), Duration.ofSeconds(90), 100 * MB);
        BackupEntry recent = unverified(Duration.ofMinutes(3));

        ComponentCompliance c = evaluate(proven, recent);

        assertThat(c.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(c.rpoBasis()).isEqualTo("verified backup " + proven.id());
        assertThat(c.rpoSeconds()).contains(40 * 86_400.0);
        assertThat(c.reasons()).containsExactly("RPO 40d / target 5m: VIOLATED",
                "last passing verification (" + NOW.minus(Duration.ofDays(39)) + ") is older than 7d (freshness.verificationMaxAge): STALE since "
                        + NOW.minus(Duration.ofDays(32)) + "; run dr verify-restore to refresh it",
                "last restore verification is older than the 30d retention window");
    }

    @Test
    public void aPassingVerificationOlderThanSevenDaysIsStaleThoughItsFiguresAreInside() {
        Targets monthly = new Targets(Duration.ofMinutes(15), Duration.ofDays(60));
        BackupEntry proven = verified(Duration.ofDays(9), Duration.ofDays(8), Duration.ofSeconds(90), 100 * MB);

        ComponentCompliance c = ComplianceEvaluator.evaluate("database", monthly, List.of(proven), NOW, RETENTION);

        assertThat(c.verdict()).isEqualTo(Verdict.STALE);
        assertThat(c.reasons()).containsExactly("last passing verification (" + NOW.minus(Duration.ofDays(8))
                + ") is older than 7d (freshness.verificationMaxAge): STALE since " + NOW.minus(Duration.ofDays(1))
                + "; run dr verify-restore to refresh it");
    }

    @Test
    public void backupsNeverVerifiedAreNoEvidenceWithTheRpoLabelledUnverified() {
        BackupEntry newest = unverified(Duration.ofMinutes(2));

        ComponentCompliance c = evaluate(unverified(Duration.ofHours(1)), newest);

        assertThat(c.verdict()).isEqualTo(Verdict.NO_EVIDENCE);
        assertThat(c.rpoSeconds()).contains(120.0);
        assertThat(c.rpoBasis()).isEqualTo("UNVERIFIED backup " + newest.id());
        assertThat(c.rtoSeconds()).isEmpty();
        assertThat(c.rtoMeasuredAt()).isEmpty();
        assertThat(c.reasons()).containsExactly("no backup has passed a restore verification; RPO is from the newest unverified backup",
                "RTO never measured: run dr verify-restore");
    }

    @Test
    public void noCompleteBackupIsNoEvidence() {
        BackupEntry unfinished = new BackupEntry("database", BackupId.newId(NOW.minusSeconds(30)), Optional.empty(), Optional.empty(),
                Optional.empty());

        ComponentCompliance none = evaluate();
        ComponentCompliance onlyUnfinished = evaluate(unfinished);

        for (ComponentCompliance c : List.of(none, onlyUnfinished)) {
            assertThat(c.verdict()).isEqualTo(Verdict.NO_EVIDENCE);
            assertThat(c.rpoSeconds()).isEmpty();
            assertThat(c.rpoBasis()).isEqualTo("no backup");
            assertThat(c.reasons()).containsExactly("no complete backup of database");
        }
    }

    @Test
    public void theRpoComesFromTheNewestProvenBackupNotANewerUnverifiedOne() {
        BackupEntry proven = verified(Duration.ofMinutes(3), Duration.ofMinutes(2), Duration.ofSeconds(90), 100 * MB);

        ComponentCompliance c = evaluate(proven, unverified(Duration.ofMinutes(1)));

        assertThat(c.rpoSeconds()).contains(180.0);
        assertThat(c.rpoBasis()).isEqualTo("verified backup " + proven.id());
        assertThat(c.verdict()).isEqualTo(Verdict.COMPLIANT);
    }

    @Test
    public void anRpoWithin20PercentOfItsTargetIsAtRiskAndPastItViolated() {
        ComponentCompliance close = evaluate(verified(Duration.ofSeconds(250), Duration.ofMinutes(1), Duration.ofSeconds(90), 100 * MB));
        ComponentCompliance inside = evaluate(verified(Duration.ofSeconds(239), Duration.ofMinutes(1), Duration.ofSeconds(90), 100 * MB));
        ComponentCompliance past = evaluate(verified(Duration.ofSeconds(301), Duration.ofMinutes(1), Duration.ofSeconds(90), 100 * MB));

        assertThat(close.verdict()).isEqualTo(Verdict.AT_RISK);
        assertThat(close.reasons()).containsExactly("RPO 4m10s / target 5m: within 20% of the target");
        assertThat(inside.verdict()).isEqualTo(Verdict.COMPLIANT);
        assertThat(past.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(past.reasons()).containsExactly("RPO 5m1s / target 5m: VIOLATED");
    }

    @Test
    public void anRtoWithin20PercentOfItsTargetIsAtRiskAndPastItViolated() {
        ComponentCompliance close = evaluate(verified(Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofMinutes(13), 100 * MB));
        ComponentCompliance past = evaluate(verified(Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofMinutes(16), 100 * MB));

        assertThat(close.verdict()).isEqualTo(Verdict.AT_RISK);
        assertThat(close.reasons()).containsExactly("RTO 13m / target 15m: within 20% of the target");
        assertThat(past.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(past.reasons()).containsExactly("RTO 16m / target 15m: VIOLATED");
    }

    @Test
    public void aForecastPastTheRtoTargetWarnsBeforeAMeasuredRestoreDoes() {
        // 100 MB restored in 100 s is 1 MB/s; the newest backup has grown to 1000 MB: about 1000 s > 900 s.
        BackupEntry proven = verified(Duration.ofMinutes(4), Duration.ofMinutes(3), Duration.ofSeconds(100), 100 * MB);
        BackupEntry grown = backup(Duration.ofMinutes(1), 1000 * MB, Optional.empty());

        ComponentCompliance c = evaluate(proven, grown);

        assertThat(c.rtoSeconds()).contains(100.0);
        assertThat(c.rtoForecastSeconds()).contains(1000.0);
        assertThat(c.verdict()).isEqualTo(Verdict.AT_RISK);
        assertThat(c.reasons()).containsExactly("forecast restore time 16m40s of the newest backup exceeds the RTO target 15m");
    }

    @Test
    public void theForecastUsesTheMedianThroughputOfPastRestores() {
        List<BackupEntry> history = new ArrayList<>();
        history.add(verified(Duration.ofMinutes(4), Duration.ofMinutes(3), Duration.ofSeconds(100), 100 * MB)); // 1 MB/s
        history.add(verified(Duration.ofMinutes(3), Duration.ofSeconds(150), Duration.ofSeconds(50), 100 * MB)); // 2 MB/s
        history.add(verified(Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofSeconds(10), 100 * MB)); // 10 MB/s

        ComponentCompliance c = ComplianceEvaluator.evaluate("database", TARGETS, history, NOW, RETENTION);

        assertThat(c.rtoForecastSeconds()).contains(50.0);
    }

    @Test
    public void aNewestBackupThatFailedVerificationIsAtRiskEvenWithOlderProof() {
        BackupEntry proven = verified(Duration.ofMinutes(3), Duration.ofMinutes(2), Duration.ofSeconds(90), 100 * MB);
        BackupEntry broken = failed(Duration.ofMinutes(1), "database.dump.zst: SHA-256 mismatch: expected aa, actual bb");

        ComponentCompliance c = evaluate(proven, broken);

        assertThat(c.verdict()).isEqualTo(Verdict.AT_RISK);
        assertThat(c.rpoBasis()).isEqualTo("verified backup " + proven.id());
        assertThat(c.reasons()).containsExactly("newest backup " + broken.id()
                + " FAILED verification: database.dump.zst: SHA-256 mismatch: expected aa, actual bb");
    }

    @Test
    public void anAuditAtAnEarlierTimeIgnoresLaterBackupsAndVerifications() {
        BackupEntry proven = verified(Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofSeconds(90), 100 * MB);

        ComponentCompliance before = ComplianceEvaluator.evaluate("database", TARGETS, List.of(proven), NOW.minus(Duration.ofMinutes(5)),
                RETENTION);
        ComponentCompliance beforeTheBackup = ComplianceEvaluator.evaluate("database", TARGETS, List.of(proven),
                NOW.minus(Duration.ofMinutes(20)), RETENTION);

        assertThat(before.verdict()).isEqualTo(Verdict.NO_EVIDENCE);
        assertThat(before.rpoBasis()).startsWith("UNVERIFIED");
        assertThat(before.rtoSeconds()).isEmpty();
        assertThat(beforeTheBackup.rpoSeconds()).isEmpty();
    }

    @Test
    public void theOverallVerdictIsTheWorstAndOnlyAllCompliantPasses() {
        assertThat(Verdict.COMPLIANT.worse(Verdict.AT_RISK)).isEqualTo(Verdict.AT_RISK);
        assertThat(Verdict.AT_RISK.worse(Verdict.NO_EVIDENCE)).isEqualTo(Verdict.NO_EVIDENCE);
        assertThat(Verdict.VIOLATED.worse(Verdict.NO_EVIDENCE)).isEqualTo(Verdict.VIOLATED);
        ComponentCompliance ok = evaluate(verified(Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofSeconds(90), 100 * MB));
        ComponentCompliance none = evaluate();

        assertThat(new ComplianceReport(NOW, List.of(ok)).allCompliant()).isTrue();
        ComplianceReport mixed = new ComplianceReport(NOW, List.of(ok, none));
        assertThat(mixed.allCompliant()).isFalse();
        assertThat(mixed.overall()).isEqualTo(Verdict.NO_EVIDENCE);
        assertThat(new ComplianceReport(NOW, List.of()).allCompliant()).isFalse();
    }
}
