package io.jenkins.plugins.dr.evidence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.drjenkins.engine.compliance.Freshness;
import org.drjenkins.engine.compliance.TargetRule;
import org.drjenkins.engine.compliance.Verdict;
import org.drjenkins.engine.config.Durations;
import org.drjenkins.engine.config.FreshnessSettings;
import org.drjenkins.engine.report.Badge;
import org.drjenkins.engine.report.EvidenceFormat;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * One component's standing NOW, from its job's {@link EvidenceIndex}: the RPO is {@code now − the newest proven
 * recovery point} (the engine's {@link TargetRule}), so a nightly backup against a 5-minute target is VIOLATED most
 * of the day with no new build; a verification older than its schedule plus grace, or a drill older than a quarter
 * ({@link Freshness}), is STALE and says since when and which job should refresh it. Next to it, what the build
 * measured. Computed on every rendering (page, tooltip, {@code /api/json}), never stored.
 */
@ExportedBean(defaultVisibility = 2)
public final class LiveStatus {
    /**
     * The plan's maximum ages: the global configuration has no {@code freshness:} fields (yet), so the pages use the
     * engine's defaults while a {@code drCompliance} with its own dr.yaml applies that file's.
     */
    static final FreshnessSettings FRESHNESS = FreshnessSettings.defaults();
    private final String component;
    private final String job;
    private final EvidenceIndex.Entry latest;
    private final Verdict verdict;
    private final Double rpoNowSeconds;
    private final Instant recoveryPoint;
    private final String rpoBasis;
    private final Instant staleSince;
    private final Instant now;
    private final List<String> reasons;
    private final Double lastVerifiedRtoSeconds;

    private LiveStatus(String component, String job, EvidenceIndex.Entry latest, Verdict verdict, Double rpoNowSeconds,
            Instant recoveryPoint, String rpoBasis, Instant staleSince, Instant now, List<String> reasons,
            Double lastVerifiedRtoSeconds) {
        this.lastVerifiedRtoSeconds = lastVerifiedRtoSeconds;
        this.component = component;
        this.job = job;
        this.latest = latest;
        this.verdict = verdict;
        this.rpoNowSeconds = rpoNowSeconds;
        this.recoveryPoint = recoveryPoint;
        this.rpoBasis = rpoBasis;
        this.staleSince = staleSince;
        this.now = now;
        this.reasons = List.copyOf(reasons);
    }

    /**
     * A passed restore verification proves its backup's recovery point (the engine's "verified backup"); so does a
     * drCompliance evaluation whose RPO the engine measured from a proven one (its {@code passed}).
     */
    static boolean provesRecoveryPoint(Evidence evidence) {
        if (evidence.rpoSeconds() == null || !evidence.passed()) {
            return false;
        }
        return evidence.kind() == EvidenceKind.COMPLIANCE || evidence.kind() == EvidenceKind.VERIFY && evidence.rtoSeconds() != null;
    }

    /** The moment the evidence's data was consistent: when it was measured minus the RPO it measured then. */
    static Optional<Instant> recoveryPoint(Evidence evidence) {
        if (evidence.rpoSeconds() == null) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochMilli(evidence.timeMillis() - Math.round(evidence.rpoSeconds() * 1000)));
    }

    /**
     * @param job      the job that recorded the evidence, which is the one to run again to refresh it
     * @param schedule its timer, whose period is how long a verification stays fresh
     */
    static LiveStatus of(String component, String job, EvidenceIndex index, Schedule schedule, Instant now) {
        EvidenceIndex.Entry latest = index.latest().get(component);
        Evidence recorded = latest.evidence();
        List<String> reasons = new ArrayList<>();
        Verdict verdict = recorded.verdict();
        reasons.add("at build #" + latest.build() + ": " + recorded.verdict().name() + " (" + recorded.tooltip() + ")");

        Optional<EvidenceIndex.Entry> proven = index.proven(component);
        Optional<Instant> point = proven.flatMap(e -> recoveryPoint(e.evidence()));
        String basis;
        if (point.isPresent()) {
            Evidence proof = proven.get().evidence();
            basis = (proof.kind() == EvidenceKind.COMPLIANCE ? proof.backupId() : "verified backup " + proof.backupId())
                    + " (build #" + proven.get().build() + ")";
        } else {
            point = recoveryPoint(recorded);
            // A region's WAL copy (drWalReplicate) is not a backup: its basis says what it is.
            String what = recorded.kind() == EvidenceKind.REPLICATION ? recorded.backupId() : "UNVERIFIED backup " + recorded.backupId();
            basis = point.isPresent() ? what + " (build #" + latest.build() + ")" : null;
        }
        Double rpoNow = null;
        if (point.isPresent()) {
            rpoNow = TargetRule.rpoSeconds(point.get(), now);
            Verdict rpoVerdict = TargetRule.rpoNow(point.get(), recorded.targets().rpo(), now);
            verdict = verdict.worse(rpoVerdict);
            reasons.add("RPO now " + human(rpoNow) + " / target " + Durations.format(recorded.targets().rpo()) + " from "
                    + basis + ": " + rpoVerdict.name());
        }

        Instant stale = null;
        Optional<EvidenceIndex.Entry> verification = index.verified(component);
        if (verification.isPresent()) {
            Duration maxAge = Freshness.verificationMaxAge(schedule.period(), FRESHNESS);
            Optional<Instant> since = Freshness.verificationStaleSince(Instant.ofEpochMilli(verification.get().evidence().timeMillis()),
                    schedule.period(), FRESHNESS, now);
            if (since.isPresent()) {
                stale = since.get();
                reasons.add("last passing verification (build #" + verification.get().build() + ") is older than "
                        + Durations.format(maxAge) + ": STALE since " + stale + "; run " + job + " to refresh it");
            }
        }
        Optional<EvidenceIndex.Entry> drill = index.drill(component);
        if (drill.isPresent()) {
            Optional<Instant> since = Freshness.drillStaleSince(Instant.ofEpochMilli(drill.get().evidence().timeMillis()), FRESHNESS, now);
            if (since.isPresent()) {
                stale = stale == null || since.get().isBefore(stale) ? since.get() : stale;
                reasons.add("last drill (build #" + drill.get().build() + ") is older than a quarter: STALE since "
                        + since.get() + "; run " + job + " to refresh it");
            }
        }
        if (stale != null) {
            verdict = verdict.worse(Verdict.STALE);
        }
        Double rto = proven.map(e -> e.evidence().rtoSeconds()).orElse(recorded.rtoSeconds());
        return new LiveStatus(component, job, latest, verdict, rpoNow, point.orElse(null), basis, stale, now, reasons, rto);
    }

    @Exported
    public String getComponent() {
        return component;
    }

    /** The verdict now: COMPLIANT, AT_RISK, STALE, NO_EVIDENCE or VIOLATED. */
    @Exported
    public String getVerdict() {
        return verdict.name();
    }

    public Verdict verdict() {
        return verdict;
    }

    /** What the newest build said when it ran. */
    @Exported
    public String getVerdictAtBuild() {
        return latest.evidence().verdict().name();
    }

    /** backup, verify, failover or drill: the step of the newest evidence. */
    @Exported
    public String getKind() {
        return latest.evidence().kind().label();
    }

    @Exported
    public int getBuild() {
        return latest.build();
    }

    public String getBuildUrl() {
        return latest.url();
    }

    /** now − the newest proven recovery point, or null when nothing measured one. */
    @Exported
    public Double getRpoSeconds() {
        return rpoNowSeconds;
    }

    /** The RPO the newest build measured when it ran. */
    @Exported
    public Double getRpoAtBuildSeconds() {
        return latest.evidence().rpoSeconds();
    }

    @Exported
    public double getRpoTargetSeconds() {
        return latest.evidence().rpoTargetSeconds();
    }

    /** The restore time the newest passed restore verification measured (else the newest evidence's), or null. */
    @Exported
    public Double getRtoSeconds() {
        return lastVerifiedRtoSeconds;
    }

    @Exported
    public double getRtoTargetSeconds() {
        return latest.evidence().rtoTargetSeconds();
    }

    /** The recovery point the RPO is measured from, ISO-8601, or null. */
    @Exported
    public String getRecoveryPoint() {
        return recoveryPoint == null ? null : recoveryPoint.toString();
    }

    @Exported
    public String getRpoBasis() {
        return rpoBasis;
    }

    /** When the evidence went stale (ISO-8601), or null while it is fresh. */
    @Exported
    public String getStaleSince() {
        return staleSince == null ? null : staleSince.toString();
    }

    /** The job that recorded the evidence and should run again to refresh it. */
    @Exported
    public String getRefreshedBy() {
        return job;
    }

    @Exported
    public List<String> getReasons() {
        return reasons;
    }

    /** When the verdict was computed (ISO-8601): the page's "now". */
    @Exported
    public String getAt() {
        return now.toString();
    }

    public String getColour() {
        return Badge.colour(verdict);
    }

    public String getVerdictLabel() {
        return label(verdict);
    }

    public String getVerdictAtBuildLabel() {
        return label(latest.evidence().verdict());
    }

    /** {@code 3m12s / 5m}: the RPO now against its target. */
    public String getRpo() {
        return EvidenceFormat.measuredVsTarget(Optional.ofNullable(rpoNowSeconds), latest.evidence().targets().rpo());
    }

    /** What the build measured, e.g. {@code 12s / 5m}. */
    public String getRpoAtBuild() {
        return EvidenceFormat.measuredVsTarget(Optional.ofNullable(latest.evidence().rpoSeconds()),
                latest.evidence().targets().rpo());
    }

    public String getRto() {
        return EvidenceFormat.measuredVsTarget(Optional.ofNullable(lastVerifiedRtoSeconds), latest.evidence().targets().rto());
    }

    /** {@code now: RPO 3m12s / 5m · RTO 8m40s / 15m (violated)}, and since when it is stale. */
    public String getNowText() {
        return "now: " + EvidenceFormat.tooltip(Optional.ofNullable(rpoNowSeconds), Optional.ofNullable(lastVerifiedRtoSeconds),
                latest.evidence().targets()) + " (" + getVerdictLabel() + ")" + (staleSince == null ? "" : ", stale since " + staleSince);
    }

    /** The rows' tooltip: the figures now, then what the newest build measured. */
    public String getTooltip() {
        return getNowText() + " · at build #" + latest.build() + ": " + latest.evidence().tooltip() + " (" + getVerdictAtBuildLabel() + ")";
    }

    private static String label(Verdict verdict) {
        return verdict.name().replace('_', ' ').toLowerCase(Locale.ROOT);
    }

    private static String human(double seconds) {
        return Durations.format(Duration.ofMillis(Math.round(seconds * 1000)));
    }
}
