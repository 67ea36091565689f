package org.drjenkins.engine.failover.health;

import java.time.Duration;
import java.time.Instant;

/**
 * The outcome of one probe. A failure is a result, not an exception, so a monitor can count it.
 *
 * @param healthy whether the target answered as expected
 * @param detail  one line naming the target and what it answered (or why not); never a secret
 * @param took    how long the probe took
 * @param at      when the probe started
 */
public record HealthResult(boolean healthy, String detail, Duration took, Instant at) {

    public static HealthResult healthy(String detail, Duration took, Instant at) {
        return new HealthResult(true, detail, took, at);
    }

    public static HealthResult failed(String detail, Duration took, Instant at) {
        return new HealthResult(false, detail, took, at);
    }

    @Override
    public String toString() {
        return (healthy ? "ok" : "FAILED") + " in " + took.toMillis() + " ms: " + detail;
    }
}
