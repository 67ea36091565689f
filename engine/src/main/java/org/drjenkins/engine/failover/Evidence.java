package org.drjenkins.engine.failover;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When each moment of a failover happened; {@code null} for moments that did not happen (no detection for a manual
 * failover, no DNS switch without DNS, no healthy moment after a failure).
 *
 * @param detectedAt         first failed probe of the outage ({@code dr watch}, drills)
 * @param thresholdReachedAt when the failures had lasted the failover threshold
 * @param startedAt          the failover started
 * @param decidedAt          the gates were evaluated and the decision taken
 * @param fencedAt           the old primary was fenced (or found down)
 * @param promotedAt         the standby accepted writes
 * @param dnsSwitchedAt      the DNS record answered the new value
 * @param healthyAt          every post-check passed
 */
public record Evidence(Instant detectedAt, Instant thresholdReachedAt, Instant startedAt, Instant decidedAt,
        Instant fencedAt, Instant promotedAt, Instant dnsSwitchedAt, Instant healthyAt) {

    /** Where RTO is measured from: the outage's detection, else the start of the failover. */
    public Instant rtoStart() {
        return detectedAt != null ? detectedAt : startedAt;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        put(json, "detected", detectedAt);
        put(json, "thresholdReached", thresholdReachedAt);
        put(json, "started", startedAt);
        put(json, "decided", decidedAt);
        put(json, "fenced", fencedAt);
        put(json, "promoted", promotedAt);
        put(json, "dnsSwitched", dnsSwitchedAt);
        put(json, "healthy", healthyAt);
        return json;
    }

    private static void put(Map<String, Object> json, String key, Instant at) {
        if (at != null) {
            json.put(key, at.toString());
        }
    }
}
