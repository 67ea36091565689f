package org.drjenkins.engine.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Optional;

/** Reads {@code thresholds:}; every value it leaves out keeps the plan's number. */
final class ThresholdsReader {

    static final String FIELD = "thresholds";
    private static final String FAILOVER = "failoverThreshold";
    private static final String HEALTH_CHECK = "healthCheckInterval";
    private static final String RETENTION = "backupRetention";
    private static final AllowedKeys KEYS = new AllowedKeys(FAILOVER, HEALTH_CHECK, RETENTION);
    private static final Duration MIN_RETENTION = Duration.ofDays(1);

    private ThresholdsReader() {
    }

    static Thresholds read(JsonNode node, Problems problems) {
        Thresholds defaults = Thresholds.defaults();
        if (Scalars.absent(node)) {
            return defaults;
        }
        if (!node.isObject()) {
            problems.add(FIELD, "must be a mapping of " + String.join(", ", KEYS.keys()) + ", not " + Scalars.kind(node));
            return defaults;
        }
        KEYS.check(node, FIELD, problems);
        Optional<Duration> failover = Scalars.positiveDurationOr(node, FIELD, FAILOVER, defaults.failoverThreshold(), "5m", problems);
        Optional<Duration> healthCheck = Scalars.positiveDurationOr(node, FIELD, HEALTH_CHECK, defaults.healthCheckInterval(), "30s", problems);
        Optional<Duration> retention = Scalars.positiveDurationOr(node, FIELD, RETENTION, defaults.backupRetention(), "30d", problems);
        if (failover.isPresent() && healthCheck.isPresent() && healthCheck.get().compareTo(failover.get()) >= 0) {
            // Fewer than one check per threshold window means an outage is only noticed after the deadline to act on it.
            problems.add(Problems.field(FIELD, HEALTH_CHECK), Durations.format(healthCheck.get())
                    + " is not shorter than " + FAILOVER + " " + Durations.format(failover.get())
                    + "; check several times within the threshold, e.g. " + HEALTH_CHECK + ": 30s with "
                    + FAILOVER + ": 5m");
        }
        if (retention.isPresent() && retention.get().compareTo(MIN_RETENTION) < 0) {
            problems.add(Problems.field(FIELD, RETENTION), Durations.format(retention.get())
                    + " is shorter than 1d; keep backups at least a day (the plan keeps 30d)");
        }
        return new Thresholds(failover.orElse(defaults.failoverThreshold()),
                healthCheck.orElse(defaults.healthCheckInterval()), retention.orElse(defaults.backupRetention()));
    }
}
