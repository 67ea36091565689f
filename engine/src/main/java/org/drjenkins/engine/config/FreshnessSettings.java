package org.drjenkins.engine.config;

import java.time.Duration;

/**
 * How long evidence stays proof ({@code freshness:} in dr.yaml), read by compliance's {@code Freshness} rule.
 *
 * @param verificationMaxAge a passing verification with no known schedule proves its backups this long
 * @param verificationGrace  slack after a scheduled verification was due (its job's timer period) before it is stale
 * @param drillMaxAge        a drill proves its scenario this long: the plan's quarter plus a week's slack
 */
public record FreshnessSettings(Duration verificationMaxAge, Duration verificationGrace, Duration drillMaxAge) {

    /** The plan's numbers: verifications at least weekly, 6 hours of grace, drills quarterly (92 days + 7). */
    public static FreshnessSettings defaults() {
        return new FreshnessSettings(Duration.ofDays(7), Duration.ofHours(6), Duration.ofDays(92 + 7));
    }
}
