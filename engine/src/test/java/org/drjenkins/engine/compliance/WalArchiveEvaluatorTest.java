package org.drjenkins.engine.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.drjenkins.engine.wal.WalFixtures.archived;
import static org.drjenkins.engine.wal.WalFixtures.baseBackup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.config.Component;
import org.drjenkins.engine.config.ComponentType;
import org.drjenkins.engine.config.Compression;
import org.drjenkins.engine.config.Targets;
import org.drjenkins.engine.manifest.BackupEntry;
import org.drjenkins.engine.wal.ArchivedWal;
import org.drjenkins.engine.wal.WalReplicator;
import org.junit.Test;

public class WalArchiveEvaluatorTest {

    private static final Instant NOW = Instant.parse("2026-01-25T12:00:00Z");
    private static final Targets TARGETS = new Targets(Duration.ofMinutes(15), Duration.ofMinutes(5));
    private static final Duration RETENTION = Duration.ofDays(30);
    private static final Component DB = component(Optional.empty());
    private static final BackupEntry BACKUP = baseBackup(NOW.minus(Duration.ofHours(10)), 1, "0/2000028", "0/2000100", true);

    private static Component component(Optional<Duration> archiveTimeout) {
        return new Component("db", ComponentType.POSTGRES_CLUSTER, "postgresql://postgres@db:5432/app", null, null, false, Compression.ZSTD, 3,
                List.of(), archiveTimeout);
    }

    private static List<ArchivedWal> archiveUpTo(int lastSegment, Instant newestAt) {
        List<ArchivedWal> archive = new java.util.ArrayList<>();
        for (int segment = 2; segment <= lastSegment; segment++) {
            archive.add(archived(String.format("0000000100000000%08X", segment), newestAt.minusSeconds(60L * (lastSegment - segment))));
        }
        return archive;
    }

    @Test
    public void theRpoIsTheArchiveLagNotTheAgeOfTheBaseBackup() {
        ComponentCompliance result = WalArchiveEvaluator.evaluate(DB, TARGETS, List.of(BACKUP), archiveUpTo(9, NOW.minusSeconds(90)), List.of(),
                NOW, RETENTION);

        assertThat(result.rpoSeconds()).contains(90.0);
        assertThat(result.rpoBasis()).isEqualTo("WAL archive (newest 000000010000000000000009)");
        assertThat(result.recoveryPoint()).contains(NOW.minusSeconds(90));
        assertThat(result.verdict()).isEqualTo(Verdict.COMPLIANT);
        assertThat(result.rtoSeconds()).contains(30.0);
    }

    @Test
    public void anArchiveThatStoppedLongerAgoThanTheTargetViolatesIt() {
        ComponentCompliance result = WalArchiveEvaluator.evaluate(component(Optional.of(Duration.ofSeconds(60))), TARGETS, List.of(BACKUP),
                archiveUpTo(9, NOW.minus(Duration.ofMinutes(20))), List.of(), NOW, RETENTION);

        assertThat(result.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(result.reasons()).anyMatch(r -> r.startsWith("RPO (archive lag) 20m") && r.endsWith("VIOLATED"))
                .anyMatch(r -> r.contains("twice archive_timeout (1m)") && r.contains("pg_stat_archiver"));
    }

    @Test
    public void aGapAfterTheBaseBackupIsAViolationNamingTheMissingSegment() {
        List<ArchivedWal> archive = new java.util.ArrayList<>(archiveUpTo(9, NOW.minusSeconds(30)));
        archive.removeIf(w -> w.name().equals("000000010000000000000006"));

        ComponentCompliance result = WalArchiveEvaluator.evaluate(DB, TARGETS, List.of(BACKUP), archive, List.of(), NOW, RETENTION);

        assertThat(result.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(result.reasons()).anyMatch(r -> r.startsWith("WAL gap: 000000010000000000000006 is missing") && r.contains(BACKUP.id().value()));
    }

    @Test
    public void aBaseBackupWithoutArchivedWalIsUnrestorable() {
        ComponentCompliance result = WalArchiveEvaluator.evaluate(DB, TARGETS, List.of(BACKUP), List.of(), List.of(), NOW, RETENTION);

        assertThat(result.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(result.reasons()).anyMatch(r -> r.contains("no WAL archived for db") && r.contains("dr wal-push"));
    }

    @Test
    public void walWithoutABaseBackupIsNoEvidence() {
        ComponentCompliance result = WalArchiveEvaluator.evaluate(DB, TARGETS, List.of(), archiveUpTo(9, NOW), List.of(), NOW, RETENTION);

        assertThat(result.verdict()).isEqualTo(Verdict.NO_EVIDENCE);
        assertThat(result.reasons()).singleElement().asString().contains("8 WAL files archived, useless without one");
    }

    @Test
    public void anArchiveTimeoutLongerThanTheRpoTargetPutsItAtRisk() {
        ComponentCompliance result = WalArchiveEvaluator.evaluate(component(Optional.of(Duration.ofMinutes(10))), TARGETS, List.of(BACKUP),
                archiveUpTo(9, NOW.minusSeconds(10)), List.of(), NOW, RETENTION);

        assertThat(result.verdict()).isEqualTo(Verdict.AT_RISK);
        assertThat(result.reasons()).anyMatch(r -> r.startsWith("archive_timeout 10m is longer than the RPO target 5m"));
    }

    @Test
    public void aRegionWhoseWalCopyLagsPastTheTargetIsReportedAndAtRisk() {
        List<ArchivedWal> archive = archiveUpTo(9, NOW.minusSeconds(10));
        WalReplicator.Lag inSync = WalReplicator.Lag.of("eu-west-1", archive, archive, NOW);
        WalReplicator.Lag behind = WalReplicator.Lag.of("ap-southeast-1", archive, archive.subList(0, 2), NOW);

        ComponentCompliance result = WalArchiveEvaluator.evaluate(DB, TARGETS, List.of(BACKUP), archive, List.of(inSync, behind), NOW, RETENTION);

        assertThat(behind.missing()).isEqualTo(6);
        assertThat(behind.lagSeconds()).isEqualTo(310.0);
        assertThat(result.verdict()).isEqualTo(Verdict.AT_RISK);
        assertThat(result.reasons()).contains("WAL copy in eu-west-1: in sync")
                .anyMatch(r -> r.startsWith("WAL copy in ap-southeast-1: 6 files behind, lag 5m10s"));
    }

    @Test
    public void withoutAVerifiedBaseBackupTheArchiveIsUnproven() {
        BackupEntry unverified = baseBackup(NOW.minus(Duration.ofHours(10)), 1, "0/2000028", "0/2000100", false);

        ComponentCompliance result = WalArchiveEvaluator.evaluate(DB, TARGETS, List.of(unverified), archiveUpTo(9, NOW.minusSeconds(10)),
                List.of(), NOW, RETENTION);

        assertThat(result.rpoBasis()).startsWith("UNVERIFIED WAL archive");
        assertThat(result.verdict()).isEqualTo(Verdict.NO_EVIDENCE);
        assertThat(result.reasons()).anyMatch(r -> r.startsWith("no base backup has passed a restore verification"));
    }
}
