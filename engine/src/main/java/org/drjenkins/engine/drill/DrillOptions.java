package org.drjenkins.engine.drill;

import java.time.Duration;
import java.util.Optional;

/**
 * How to run a drill.
 *
 * @param scenario       which drill
 * @param target         the region to fail over to; empty picks the first region after the primary with a database
 * @param interval       health-check interval for detection; empty uses the plan's (a drill may shorten it)
 * @param threshold      failover threshold for detection; empty uses the plan's
 * @param budget         the whole drill's time budget; empty uses the drilled components' RTO target
 * @param phaseBudget    each phase's time budget; empty leaves only the overall budget
 * @param switchBack     after the rollback rejoined the old primary, fail back to it (the topology the drill found)
 * @param markerInterval how often the marker writer writes during failover drills
 */
public record DrillOptions(Scenario scenario, Optional<String> target, Optional<Duration> interval,
        Optional<Duration> threshold, Optional<Duration> budget, Optional<Duration> phaseBudget, boolean switchBack,
        Duration markerInterval) {

    public static final Duration DEFAULT_MARKER_INTERVAL = Duration.ofMillis(100);

    public static DrillOptions of(Scenario scenario) {
        return new DrillOptions(scenario, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false, DEFAULT_MARKER_INTERVAL);
    }

    public DrillOptions to(String region) {
        return new DrillOptions(scenario, Optional.of(region), interval, threshold, budget, phaseBudget, switchBack,
                markerInterval);
    }

    /** Shorter detection than the plan's, for drills that must not wait 5 minutes; the report says so. */
    public DrillOptions detection(Duration newInterval, Duration newThreshold) {
        return new DrillOptions(scenario, target, Optional.of(newInterval), Optional.of(newThreshold), budget, phaseBudget,
                switchBack, markerInterval);
    }

    public DrillOptions budget(Duration overall) {
        return new DrillOptions(scenario, target, interval, threshold, Optional.of(overall), phaseBudget, switchBack,
                markerInterval);
    }

    public DrillOptions phaseBudget(Duration perPhase) {
        return new DrillOptions(scenario, target, interval, threshold, budget, Optional.of(perPhase), switchBack,
                markerInterval);
    }

    public DrillOptions switchingBack(boolean back) {
        return new DrillOptions(scenario, target, interval, threshold, budget, phaseBudget, back, markerInterval);
    }
}
