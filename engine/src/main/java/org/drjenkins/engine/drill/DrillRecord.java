package org.drjenkins.engine.drill;

import java.time.Instant;

/**
 * A stored drill as compliance shows it ("last drill"): read from {@code drills/<drillId>/report.json}.
 *
 * @param drillId    the drill
 * @param scenario   e.g. {@code database-failover}
 * @param outcome    PASSED, FAILED or ABORTED
 * @param startedAt  when it started
 * @param finishedAt when it ended
 * @param rtoSeconds the slowest component's measured RTO, if any
 * @param rpoSeconds the largest measured RPO, if any
 * @param compliant  every measured component within its targets
 */
public record DrillRecord(String drillId, String scenario, String outcome, Instant startedAt, Instant finishedAt,
        Double rtoSeconds, Double rpoSeconds, boolean compliant) {

    public boolean passed() {
        return "PASSED".equals(outcome);
    }
}
