package org.drjenkins.engine.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Optional;

/** Reads {@code freshness:}; every value it leaves out keeps the plan's number. */
final class FreshnessReader {

    static final String FIELD = "freshness";
    private static final String VERIFICATION = "verificationMaxAge";
    private static final String GRACE = "verificationGrace";
    private static final String DRILL = "drillMaxAge";
    private static final AllowedKeys KEYS = new AllowedKeys(VERIFICATION, GRACE, DRILL);
    /** Evidence younger than an hour going stale would turn every page STALE between two ordinary runs. */
    private static final Duration MIN_MAX_AGE = Duration.ofHours(1);

    private FreshnessReader() {
    }

    static FreshnessSettings read(JsonNode node, Problems problems) {
        FreshnessSettings defaults = FreshnessSettings.defaults();
        if (Scalars.absent(node)) {
            return defaults;
        }
        if (!node.isObject()) {
            problems.add(FIELD, "must be a mapping of " + String.join(", ", KEYS.keys()) + ", not " + Scalars.kind(node));
            return defaults;
        }
        KEYS.check(node, FIELD, problems);
        Duration verification = atLeastAnHour(node, VERIFICATION, defaults.verificationMaxAge(), "7d", problems);
        Duration grace = Scalars.positiveDurationOr(node, FIELD, GRACE, defaults.verificationGrace(), "6h", problems).orElse(defaults.verificationGrace());
        Duration drill = atLeastAnHour(node, DRILL, defaults.drillMaxAge(), "99d", problems);
        return new FreshnessSettings(verification, grace, drill);
    }

    private static Duration atLeastAnHour(JsonNode node, String key, Duration fallback, String example, Problems problems) {
        Optional<Duration> value = Scalars.positiveDurationOr(node, FIELD, key, fallback, example, problems);
        if (value.isPresent() && value.get().compareTo(MIN_MAX_AGE) < 0) {
            problems.add(Problems.field(FIELD, key), Durations.format(value.get())
                    + " is shorter than 1h; evidence would go stale between two runs (the plan uses " + example + ")");
            return fallback;
        }
        return value.orElse(fallback);
    }
}
