package org.drjenkins.engine.compliance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.config.Component;
import org.drjenkins.engine.config.FreshnessSettings;
import org.drjenkins.engine.config.Durations;
import org.drjenkins.engine.config.Targets;
import org.drjenkins.engine.manifest.BackupEntry;
import org.drjenkins.engine.wal.ArchivedWal;
import org.drjenkins.engine.wal.BaseBackupPoint;
import org.drjenkins.engine.wal.WalContinuity;
import org.drjenkins.engine.wal.WalReplicator;

/**
 * The verdict of a postgres-cluster component, whose recovery point is not its newest base backup but its newest
 * archived WAL: the RPO is the archive lag, now − when the newest WAL file was archived. A base backup is restorable
 * only with every segment from its start on, so a gap anywhere after the oldest base backup is a violation that names
 * the missing segment. The RTO side is the same as for any component (verify-restore records of the base backups).
 * Pure, like {@link ComplianceEvaluator}.
 */
public final class WalArchiveEvaluator {

    private WalArchiveEvaluator() {
    }

    /**
     * @param entries the component's base backups, any order
     * @param archive the primary region's WAL archive listing
     * @param copies  how far each other region's WAL copy is behind (may be empty)
     */
    public static ComponentCompliance evaluate(Component component, Targets targets, List<BackupEntry> entries, List<ArchivedWal> archive,
            List<WalReplicator.Lag> copies, Instant at, Duration retention) {
        return evaluate(component, targets, entries, archive, copies, at, retention, FreshnessSettings.defaults());
    }

    /** @param freshness how long a base backup's passing verification stays proof ({@link Freshness}) */
    public static ComponentCompliance evaluate(Component component, Targets targets, List<BackupEntry> entries, List<ArchivedWal> archive,
            List<WalReplicator.Lag> copies, Instant at, Duration retention, FreshnessSettings freshness) {
        String name = component.name();
        List<BackupEntry> known = entries.stream().filter(BackupEntry::complete).filter(e -> !e.id().startedAt().isAfter(at))
                .sorted(Comparator.comparing(BackupEntry::id)).toList();
        List<ArchivedWal> visible = archive.stream().filter(w -> !w.archivedAt().isAfter(at)).toList();
        if (known.isEmpty()) {
            return new ComponentCompliance(name, targets, Optional.empty(), "no base backup", Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Verdict.NO_EVIDENCE, List.of("no complete base backup of " + name
                            + (visible.isEmpty() ? "" : " (" + visible.size() + " WAL files archived, useless without one)")
                            + ": run dr backup --component " + name));
        }
        List<String> reasons = new ArrayList<>();
        Verdict verdict = Verdict.COMPLIANT;
        boolean proven = known.stream().anyMatch(e -> e.verification().map(v -> v.passed() && "restore".equals(v.mode())
                && !v.verifiedAt().isAfter(at)).orElse(false));

        Optional<ArchivedWal> newest = visible.stream().max(Comparator.comparing(ArchivedWal::archivedAt));
        Instant recoveryPoint;
        String basis;
        if (newest.isEmpty()) {
            BackupEntry latest = known.get(known.size() - 1);
            recoveryPoint = latest.manifest().orElseThrow().consistentAt();
            basis = "base backup " + latest.id() + ", no WAL archived";
            verdict = Verdict.VIOLATED;
            reasons.add("no WAL archived for " + name + ": its base backups cannot be restored; set archive_command = 'dr wal-push"
                    + " --config … --component " + name + " %p' (docs/pitr.md)");
        } else {
            recoveryPoint = newest.get().archivedAt();
            basis = (proven ? "" : "UNVERIFIED ") + "WAL archive (newest " + newest.get().name() + ")";
        }
        double rpo = TargetRule.rpoSeconds(recoveryPoint, at);
        Verdict rpoVerdict = ComplianceEvaluator.judge("RPO (archive lag)", rpo, targets.rpo(), reasons);
        verdict = verdict.worse(rpoVerdict);
        component.archiveTimeout().ifPresent(timeout -> {
            if (rpoVerdict != Verdict.COMPLIANT && newest.isPresent() && rpo > 2 * ComplianceEvaluator.seconds(timeout)) {
                reasons.add("nothing archived for more than twice archive_timeout (" + Durations.format(timeout) + "): archive_command"
                        + " is failing (see pg_stat_archiver and the server log) or the database had no writes");
            }
        });
        if (component.archiveTimeout().isPresent() && component.archiveTimeout().get().compareTo(targets.rpo()) > 0) {
            verdict = verdict.worse(Verdict.AT_RISK);
            reasons.add("archive_timeout " + Durations.format(component.archiveTimeout().get()) + " is longer than the RPO target "
                    + Durations.format(targets.rpo()) + ": a quiet hour can lose more than the target; lower archive_timeout");
        }
        if (!proven) {
            verdict = verdict.worse(Verdict.AT_RISK);
            reasons.add("no base backup has passed a restore verification: run dr verify-restore --component " + name);
        }

        verdict = verdict.worse(continuity(known, visible, reasons));
        for (WalReplicator.Lag copy : copies) {
            if (copy.missing() == 0) {
                reasons.add("WAL copy in " + copy.region() + ": in sync");
                continue;
            }
            String lag = Durations.format(Duration.ofMillis((long) (copy.lagSeconds() * 1000)));
            reasons.add("WAL copy in " + copy.region() + ": " + copy.missing() + " file" + (copy.missing() == 1 ? "" : "s") + " behind, lag "
                    + lag + " (dr wal-replicate --component " + name + " catches it up)");
            if (copy.lagSeconds() > ComplianceEvaluator.seconds(targets.rpo())) {
                verdict = verdict.worse(Verdict.AT_RISK);
            }
        }

        ComplianceEvaluator.RtoEvidence rto = ComplianceEvaluator.rtoEvidence(known, targets, at, retention, freshness, reasons);
        verdict = verdict.worse(rto.verdict());
        return new ComponentCompliance(name, targets, Optional.of(rpo), basis, Optional.of(recoveryPoint), rto.seconds(), rto.measuredAt(),
                rto.forecastSeconds(), verdict, reasons);
    }

    /** Every segment from the oldest base backup's start on must be archived. */
    private static Verdict continuity(List<BackupEntry> known, List<ArchivedWal> archive, List<String> reasons) {
        Optional<BaseBackupPoint> oldest = known.stream().map(e -> BaseBackupPoint.of(e.manifest().orElseThrow())).flatMap(Optional::stream)
                .min(Comparator.comparingLong(BaseBackupPoint::startSegment));
        if (oldest.isEmpty()) {
            reasons.add("no base backup records its WAL range: take a new base backup with this version of dr");
            return Verdict.AT_RISK;
        }
        WalContinuity continuity = oldest.get().continuity(archive);
        if (continuity.unbroken()) {
            return Verdict.COMPLIANT;
        }
        reasons.add("WAL gap: " + continuity.describeGap() + " from the archive (needed by base backup " + oldest.get().backupId()
                + " and later): restores past it are impossible; copy the segment from the server's pg_wal or another region,"
                + " or take a new base backup: VIOLATED");
        return Verdict.VIOLATED;
    }
}
