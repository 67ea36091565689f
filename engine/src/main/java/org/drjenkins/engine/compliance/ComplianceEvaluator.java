package org.drjenkins.engine.compliance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.config.Durations;
import org.drjenkins.engine.config.FreshnessSettings;
import org.drjenkins.engine.config.Targets;
import org.drjenkins.engine.manifest.BackupEntry;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.manifest.VerificationRecord;

/**
 * Turns one component's backups and verification records into a verdict. Pure: everything it needs is passed in, so
 * the rules are tested without a store.
 */
public final class ComplianceEvaluator {

    private ComplianceEvaluator() {
    }

    /**
     * @param entries   the component's backups, any order; entries after {@code at} are ignored
     * @param at        the moment evaluated (now, or an audit time)
     * @param retention evidence older than this is stale
     */
    public static ComponentCompliance evaluate(String component, Targets targets, List<BackupEntry> entries, Instant at, Duration retention) {
        return evaluate(component, targets, entries, at, retention, FreshnessSettings.defaults());
    }

    /** @param freshness how long a passing verification stays proof ({@link Freshness}): older is STALE */
    public static ComponentCompliance evaluate(String component, Targets targets, List<BackupEntry> entries, Instant at, Duration retention,
            FreshnessSettings freshness) {
        List<BackupEntry> known = entries.stream().filter(BackupEntry::complete).filter(e -> !e.id().startedAt().isAfter(at))
                .sorted(Comparator.comparing(BackupEntry::id)).toList();
        if (known.isEmpty()) {
            return new ComponentCompliance(component, targets, Optional.empty(), "no backup", Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Verdict.NO_EVIDENCE, List.of("no complete backup of " + component));
        }
        List<String> reasons = new ArrayList<>();
        Verdict verdict = Verdict.COMPLIANT;

        Optional<BackupEntry> proven = newest(known, e -> passedRestore(e, at));
        BackupEntry rpoSource = proven.orElse(known.get(known.size() - 1));
        Manifest manifest = rpoSource.manifest().orElseThrow();
        double rpo = TargetRule.rpoSeconds(manifest.consistentAt(), at);
        String basis = (proven.isPresent() ? "verified backup " : "UNVERIFIED backup ") + rpoSource.id();
        if (proven.isEmpty()) {
            verdict = verdict.worse(Verdict.AT_RISK);
            reasons.add("no backup has passed a restore verification; RPO is from the newest unverified backup");
        }
        verdict = verdict.worse(judge("RPO", rpo, targets.rpo(), reasons));
        BackupEntry newest = known.get(known.size() - 1);
        Optional<VerificationRecord> newestFailed = newest.verification().filter(v -> !v.passed() && !v.verifiedAt().isAfter(at));
        if (newestFailed.isPresent()) {
            // Older proof still stands for the RPO, but the backups being made now do not restore: say so.
            verdict = verdict.worse(Verdict.AT_RISK);
            reasons.add("newest backup " + newest.id() + " FAILED verification" + newestFailed.get().failures().stream().findFirst()
                    .map(f -> ": " + f).orElse(""));
        }

        RtoEvidence rto = rtoEvidence(known, targets, at, retention, freshness, reasons);
        verdict = verdict.worse(rto.verdict());
        if (reasons.isEmpty()) {
            reasons.add("RPO and RTO inside their targets");
        }
        return new ComponentCompliance(component, targets, Optional.of(rpo), basis, Optional.of(manifest.consistentAt()), rto.seconds(),
                rto.measuredAt(), rto.forecastSeconds(), verdict, reasons);
    }

    /** The restore-time side of the evidence, also used for the WAL archive of a postgres-cluster component. */
    record RtoEvidence(Optional<Double> seconds, Optional<Instant> measuredAt, Optional<Double> forecastSeconds, Verdict verdict) {
    }

    /** @param known complete backups up to {@code at}, oldest first, at least one */
    static RtoEvidence rtoEvidence(List<BackupEntry> known, Targets targets, Instant at, Duration retention, FreshnessSettings freshness,
            List<String> reasons) {
        Verdict verdict = staleness(known, at, freshness, reasons);
        Optional<VerificationRecord> lastRestore = known.stream().map(BackupEntry::verification).flatMap(Optional::stream)
                .filter(v -> "restore".equals(v.mode()) && v.passed() && !v.verifiedAt().isAfter(at))
                .max(Comparator.comparing(VerificationRecord::verifiedAt));
        Optional<Double> rto = lastRestore.map(VerificationRecord::rtoSeconds);
        if (lastRestore.isEmpty()) {
            verdict = verdict.worse(Verdict.NO_EVIDENCE);
            reasons.add("RTO never measured: run dr verify-restore");
        } else {
            verdict = verdict.worse(judge("RTO", rto.get(), targets.rto(), reasons));
            if (lastRestore.get().verifiedAt().isBefore(at.minus(retention))) {
                verdict = verdict.worse(Verdict.AT_RISK);
                reasons.add("last restore verification is older than the " + Durations.format(retention) + " retention window");
            }
        }

        Optional<Double> forecast = RestoreForecast.seconds(known, known.get(known.size() - 1), at);
        if (forecast.isPresent() && forecast.get() > seconds(targets.rto()) && rto.map(r -> r <= seconds(targets.rto())).orElse(true)) {
            verdict = verdict.worse(Verdict.AT_RISK);
            reasons.add("forecast restore time " + Durations.format(Duration.ofMillis((long) (forecast.get() * 1000)))
                    + " of the newest backup exceeds the RTO target " + Durations.format(targets.rto()));
        }
        return new RtoEvidence(rto, lastRestore.map(VerificationRecord::verifiedAt), forecast, verdict);
    }

    /**
     * STALE when the newest passing verification is older than its maximum age (the engine knows no job timer, so the
     * unscheduled maximum age applies): the backups made since were never shown to restore.
     */
    private static Verdict staleness(List<BackupEntry> known, Instant at, FreshnessSettings freshness, List<String> reasons) {
        Optional<VerificationRecord> lastPassed = known.stream().map(BackupEntry::verification).flatMap(Optional::stream)
                .filter(v -> v.passed() && !v.verifiedAt().isAfter(at)).max(Comparator.comparing(VerificationRecord::verifiedAt));
        if (lastPassed.isEmpty()) {
            return Verdict.COMPLIANT;
        }
        Duration maxAge = Freshness.verificationMaxAge(Optional.empty(), freshness);
        Optional<Instant> since = Freshness.verificationStaleSince(lastPassed.get().verifiedAt(), Optional.empty(), freshness, at);
        if (since.isEmpty()) {
            return Verdict.COMPLIANT;
        }
        reasons.add("last passing verification (" + lastPassed.get().verifiedAt() + ") is older than " + Durations.format(maxAge)
                + " (freshness.verificationMaxAge): STALE since " + since.get() + "; run dr verify-restore to refresh it");
        return Verdict.STALE;
    }

    static Verdict judge(String what, double measured, Duration target, List<String> reasons) {
        String text = what + " " + Durations.format(Duration.ofMillis((long) (measured * 1000))) + " / target " + Durations.format(target);
        Verdict verdict = TargetRule.figure(measured, target);
        if (verdict == Verdict.VIOLATED) {
            // A zero target is the plan's "near 0": say what meets it rather than leave a bare VIOLATED.
            reasons.add(text + ": VIOLATED" + (target.isZero() && "RPO".equals(what)
                    ? " (a zero RPO needs continuous replication or infrastructure-as-code: a backup loses what changed since it ran)" : ""));
            return Verdict.VIOLATED;
        }
        if (verdict == Verdict.AT_RISK) {
            reasons.add(text + ": within 20% of the target");
        }
        return verdict;
    }

    private static boolean passedRestore(BackupEntry entry, Instant at) {
        return entry.verification().map(v -> v.passed() && "restore".equals(v.mode()) && !v.verifiedAt().isAfter(at)).orElse(false);
    }

    private static Optional<BackupEntry> newest(List<BackupEntry> entries, java.util.function.Predicate<BackupEntry> test) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (test.test(entries.get(i))) {
                return Optional.of(entries.get(i));
            }
        }
        return Optional.empty();
    }

    static double seconds(Duration d) {
        return TargetRule.seconds(d);
    }
}
