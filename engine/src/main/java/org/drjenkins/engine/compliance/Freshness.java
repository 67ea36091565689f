package org.drjenkins.engine.compliance;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.drjenkins.engine.config.FreshnessSettings;

/**
 * How long a piece of evidence keeps proving something. A verification proves the backups restore only until the next
 * one was due (its schedule plus a grace period); a drill proves the failover works for a quarter (the DR plan's
 * quarterly drills). Past that age the verdict is {@link Verdict#STALE}, with the moment it went stale, however green
 * it was when measured. The maximum ages are configurable ({@code freshness:} in dr.yaml, {@link FreshnessSettings});
 * the engine's {@link ComplianceEvaluator} and the plugin's live pages both decide with this class.
 */
public final class Freshness {

    /** The plan's drills are quarterly: a drill older than this (a quarter and a week's slack) is stale. */
    public static final Duration DRILL_MAX_AGE = FreshnessSettings.defaults().drillMaxAge();
    /** Slack after a scheduled verification was due before its evidence counts as stale (a slow or queued run). */
    public static final Duration DEFAULT_GRACE = FreshnessSettings.defaults().verificationGrace();
    /** A verification without a known schedule is expected at least weekly. */
    public static final Duration UNSCHEDULED_VERIFICATION_MAX_AGE = FreshnessSettings.defaults().verificationMaxAge();

    private Freshness() {
    }

    /** A verification run every {@code period} must be younger than the period plus {@code grace}. */
    public static Duration verificationMaxAge(Optional<Duration> period, Duration grace) {
        return period.map(p -> p.plus(grace)).orElse(UNSCHEDULED_VERIFICATION_MAX_AGE);
    }

    /**
     * A verification run every {@code period} (its job's timer, when known) must be younger than the period plus the
     * configured grace; without a schedule, younger than the configured maximum age.
     */
    public static Duration verificationMaxAge(Optional<Duration> period, FreshnessSettings settings) {
        return period.map(p -> p.plus(settings.verificationGrace())).orElse(settings.verificationMaxAge());
    }

    /**
     * When a passing verification made at {@code verifiedAt} went stale, if it has by {@code now}: the one decision
     * {@link ComplianceEvaluator} (no schedule known) and the plugin's pages (the job's timer period) both make.
     */
    public static Optional<Instant> verificationStaleSince(Instant verifiedAt, Optional<Duration> period, FreshnessSettings settings,
            Instant now) {
        return staleSince(verifiedAt, verificationMaxAge(period, settings), now);
    }

    /** When a drill run at {@code drilledAt} went stale ({@link FreshnessSettings#drillMaxAge()}), if it has by {@code now}. */
    public static Optional<Instant> drillStaleSince(Instant drilledAt, FreshnessSettings settings, Instant now) {
        return staleSince(drilledAt, settings.drillMaxAge(), now);
    }

    /** The moment evidence measured at {@code measuredAt} went stale, when that is not after {@code now}. */
    public static Optional<Instant> staleSince(Instant measuredAt, Duration maxAge, Instant now) {
        Instant stale = measuredAt.plus(maxAge);
        return stale.isAfter(now) ? Optional.empty() : Optional.of(stale);
    }
}
