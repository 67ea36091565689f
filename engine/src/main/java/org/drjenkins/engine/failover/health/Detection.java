package org.drjenkins.engine.failover.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Every check failed, without a single success in between, for at least the threshold.
 *
 * @param firstFailureAt      start of the first round of the unbroken run of failed rounds (the outage's start as
 *                            far as the probes can tell; RTO is measured from here)
 * @param detectedAt          start of the round that completed the threshold
 * @param consecutiveFailures failed rounds in the run, including the last
 * @param lastResults         the last round's results, in the order of the checks
 */
public record Detection(Instant firstFailureAt, Instant detectedAt, int consecutiveFailures, List<HealthResult> lastResults) {

    public Detection {
        lastResults = List.copyOf(lastResults);
    }

    public Duration failingFor() {
        return Duration.between(firstFailureAt, detectedAt);
    }
}
