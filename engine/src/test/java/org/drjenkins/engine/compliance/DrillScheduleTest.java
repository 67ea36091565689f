package org.drjenkins.engine.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.drill.DrillRecord;
import org.junit.Test;

public class DrillScheduleTest {

    /** Mid-Q3 2026: Q1 and Q2 of this year have ended, Q3 is running, Q4 last ended in 2025. */
    private static final Clock AUGUST = Clock.fixed(Instant.parse("2026-08-15T12:00:00Z"), ZoneOffset.UTC);

    private static DrillRecord drill(String scenario, String startedAt) {
        Instant at = Instant.parse(startedAt);
        return new DrillRecord("drill-" + scenario + "-" + at.getEpochSecond(), scenario, "PASSED", at, at.plusSeconds(600), 60.0, 5.0, true);
    }

    @Test
    public void aScenarioWhoseQuarterEndedWithoutARunIsOverdueSinceThatQuarterBegan() {
        List<DrillSchedule.Standing> standings = DrillSchedule.PLAN.standings(List.of(
                drill("database-failover", "2026-02-10T09:00:00Z"),
                drill("region-failover", "2026-03-20T09:00:00Z"),
                drill("end-to-end", "2025-11-03T09:00:00Z")), AUGUST);

        assertThat(standings).extracting(DrillSchedule.Standing::label)
                .containsExactly("Q1 database-failover", "Q2 region-failover", "Q3 communication", "Q4 end-to-end");
        assertThat(standings.get(0).overdue()).isFalse();
        assertThat(standings.get(0).lastRun()).contains(Instant.parse("2026-02-10T09:00:00Z"));
        // Run in Q1, not in Q2: its quarter passed without one.
        assertThat(standings.get(1).overdue()).isTrue();
        assertThat(standings.get(1).dueSince()).contains(Instant.parse("2026-04-01T00:00:00Z"));
        // Never run: overdue since the last Q3 that ended, 2025's.
        assertThat(standings.get(2).overdue()).isTrue();
        assertThat(standings.get(2).lastRun()).isEmpty();
        assertThat(standings.get(2).dueSince()).contains(Instant.parse("2025-07-01T00:00:00Z"));
        assertThat(standings.get(3).overdue()).isFalse();
        assertThat(standings.get(3).dueSince()).isEmpty();
    }

    @Test
    public void aLateRunAfterItsQuarterClearsOverdue() {
        List<DrillSchedule.Standing> standings = DrillSchedule.PLAN.standings(List.of(drill("region-failover", "2026-07-02T09:00:00Z"),
                drill("region-failover", "2026-01-15T09:00:00Z")), AUGUST);

        assertThat(standings.get(1).overdue()).isFalse();
        assertThat(standings.get(1).lastRun()).isEqualTo(Optional.of(Instant.parse("2026-07-02T09:00:00Z")));
    }

    @Test
    public void onTheFirstDayOfTheNextQuarterTheMissedScenarioTurnsOverdue() {
        Clock lastSecondOfQ3 = Clock.fixed(Instant.parse("2026-09-30T23:59:59Z"), ZoneOffset.UTC);
        Clock firstOfQ4 = Clock.fixed(Instant.parse("2026-10-01T00:00:00Z"), ZoneOffset.UTC);
        List<DrillRecord> records = List.of(drill("communication", "2025-08-01T09:00:00Z"));

        assertThat(DrillSchedule.PLAN.standings(records, lastSecondOfQ3).get(2).overdue()).isFalse();
        assertThat(DrillSchedule.PLAN.standings(records, firstOfQ4).get(2).overdue()).isTrue();
        assertThat(DrillSchedule.PLAN.standings(records, firstOfQ4).get(2).dueSince()).contains(Instant.parse("2026-07-01T00:00:00Z"));
    }
}
