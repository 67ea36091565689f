package org.drjenkins.engine.config;

import java.time.Duration;

/** When to fail over, how often to look, how long to keep backups. */
public record Thresholds(Duration failoverThreshold, Duration healthCheckInterval, Duration backupRetention) {

    /** The DR plan's numbers: fail over after 5 minutes of failure, check every 30 s, keep 30 days. */
    public static Thresholds defaults() {
        return new Thresholds(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofDays(30));
    }
}
