package org.drjenkins.engine.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.manifest.BackupEntry;
import org.drjenkins.engine.manifest.BackupId;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.manifest.VerificationRecord;
import org.junit.Test;

public class RetentionPlannerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration THIRTY_DAYS = Duration.ofDays(30);

    @Test
    public void backupsInsideTheWindowAreKeptAndOlderOnesGo() {
        List<BackupEntry> entries = List.of(complete(45, false), complete(31, false), complete(29, false), complete(1, false));

        List<RetentionDecision> plan = RetentionPlanner.plan(entries, NOW, THIRTY_DAYS);

        assertThat(deleted(plan)).containsExactly(daysAgo(45), daysAgo(31));
        assertThat(plan.get(2).reason()).contains("inside the 30d retention window");
    }

    @Test
    public void theNewestVerifiedBackupIsKeptEvenWhenOld() {
        List<BackupEntry> entries = List.of(complete(60, true), complete(50, true), complete(40, false), complete(2, false));

        List<RetentionDecision> plan = RetentionPlanner.plan(entries, NOW, THIRTY_DAYS);

        assertThat(deleted(plan)).containsExactly(daysAgo(60), daysAgo(40));
        assertThat(plan.get(1).delete()).isFalse();
        assertThat(plan.get(1).reason()).isEqualTo("newest backup with a passing verification");
    }

    @Test
    public void aFailedVerificationDoesNotProtectABackup() {
        List<BackupEntry> entries = List.of(failedVerification(50), complete(2, false));

        assertThat(deleted(RetentionPlanner.plan(entries, NOW, THIRTY_DAYS))).containsExactly(daysAgo(50));
    }

    @Test
    public void retentionAloneNeverDeletesTheNewestCompleteBackup() {
        List<BackupEntry> entries = List.of(complete(90, false), complete(70, false));

        List<RetentionDecision> plan = RetentionPlanner.plan(entries, NOW, THIRTY_DAYS);

        assertThat(deleted(plan)).containsExactly(daysAgo(90));
        assertThat(plan.get(1).reason()).isEqualTo("newest complete backup");
    }

    @Test
    public void unfinishedFoldersGoAfterADayButNotWhileTheyMayBeRunning() {
        List<BackupEntry> entries = List.of(incomplete(Duration.ofDays(2)), incomplete(Duration.ofMinutes(10)), complete(1, false));

        List<RetentionDecision> plan = RetentionPlanner.plan(entries, NOW, THIRTY_DAYS);

        assertThat(plan.get(0).delete()).isTrue();
        assertThat(plan.get(0).reason()).contains("no manifest");
        assertThat(plan.get(1).delete()).isFalse();
        assertThat(plan.get(1).reason()).contains("may still be running");
    }

    @Test
    public void aDamagedFolderIsNeverDeletedAndNeverProtectsAnotherAsTheNewest() {
        BackupId id = BackupId.newId(NOW.minus(Duration.ofDays(80)));
        BackupEntry damaged = new BackupEntry("database", id, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of("manifest.json is not valid JSON: Unexpected character"));
        BackupId newestId = BackupId.newId(NOW.minus(Duration.ofDays(40)));
        BackupEntry newestDamaged = new BackupEntry("database", newestId, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of("manifest.json names artifact key ../../x outside the backup's folder"));
        List<BackupEntry> entries = List.of(damaged, complete(70, false), complete(60, false), newestDamaged);

        List<RetentionDecision> plan = RetentionPlanner.plan(entries, NOW, THIRTY_DAYS);

        assertThat(plan.get(0).delete()).isFalse();
        assertThat(plan.get(0).reason()).startsWith("DAMAGED: manifest.json is not valid JSON")
                .contains("kept until a person decides").contains("database/" + id + "/");
        assertThat(plan.get(3).delete()).isFalse();
        // The damaged newest is no backup: the newest sound one is still kept, the older sound one goes.
        assertThat(deleted(plan)).containsExactly(daysAgo(70));
        assertThat(plan.get(2).reason()).isEqualTo("newest complete backup");
    }

    private static List<Instant> deleted(List<RetentionDecision> plan) {
        List<Instant> times = new ArrayList<>();
        plan.stream().filter(RetentionDecision::delete).forEach(d -> times.add(d.entry().id().startedAt()));
        return times;
    }

    private static Instant daysAgo(int days) {
        return BackupId.parse(BackupId.newId(NOW.minus(Duration.ofDays(days))).value()).orElseThrow().startedAt();
    }

    private static BackupEntry complete(int daysAgo, boolean verified) {
        return entry(NOW.minus(Duration.ofDays(daysAgo)), true, verified ? Optional.of(true) : Optional.empty());
    }

    private static BackupEntry failedVerification(int daysAgo) {
        return entry(NOW.minus(Duration.ofDays(daysAgo)), true, Optional.of(false));
    }

    private static BackupEntry incomplete(Duration age) {
        return entry(NOW.minus(age), false, Optional.empty());
    }

    private static BackupEntry entry(Instant started, boolean complete, Optional<Boolean> verificationPassed) {
        BackupId id = BackupId.newId(started);
        Optional<Manifest> manifest = complete
                ? Optional.of(new Manifest(1, id.value(), "database", "postgres", started, started, started, "zstd", 3, null, List.of(),
                        java.util.Map.of(), "us-east-1", java.util.Map.of(), "hint"))
                : Optional.empty();
        Optional<VerificationRecord> verification = verificationPassed.map(passed -> new VerificationRecord(id.value(), started, passed,
                "restore", List.of(), java.util.Map.of(), 1, 1, 0, List.of(), "host", "dev"));
        return new BackupEntry("database", id, manifest, Optional.empty(), verification);
    }
}
