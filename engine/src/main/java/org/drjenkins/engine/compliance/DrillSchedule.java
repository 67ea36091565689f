package org.drjenkins.engine.compliance;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.drill.DrillRecord;

/**
 * The plan's quarterly drills (Q1 database failover, Q2 region failover, Q3 communication and escalation, Q4 end to
 * end) against the drills that ran. A scenario is OVERDUE once its quarter (calendar quarters, UTC) ended with no run of
 * it since that quarter began; a late run clears it. Takes scenario names and times, not a store, so the CLI (from the
 * stored drill reports) and the plugin (from its evidence indexes) ask the same rule.
 */
public final class DrillSchedule {

    /** One quarter's scenario, by its {@code dr drill} name. */
    public record Slot(int quarter, String scenario) {
        public Slot {
            if (quarter < 1 || quarter > 4) {
                throw new IllegalArgumentException("quarter must be 1 to 4, not " + quarter);
            }
        }
    }

    /**
     * @param lastRun  the newest run of the scenario, if any
     * @param dueSince the start of the quarter whose end passed without a run, while OVERDUE
     */
    public record Standing(Slot slot, Optional<Instant> lastRun, boolean overdue, Optional<Instant> dueSince) {
        public String label() {
            return "Q" + slot.quarter() + " " + slot.scenario();
        }
    }

    /** The DR plan's schedule. */
    public static final DrillSchedule PLAN = new DrillSchedule(List.of(new Slot(1, "database-failover"),
            new Slot(2, "region-failover"), new Slot(3, "communication"), new Slot(4, "end-to-end")));

    private final List<Slot> slots;

    public DrillSchedule(List<Slot> slots) {
        this.slots = List.copyOf(slots);
    }

    public List<Slot> slots() {
        return slots;
    }

    /** From the stored drill reports ({@code DrillHistory.list()}): any outcome counts as the drill having been held. */
    public List<Standing> standings(List<DrillRecord> records, Clock clock) {
        Map<String, Instant> last = new LinkedHashMap<>();
        for (DrillRecord record : records) {
            last.merge(record.scenario(), record.startedAt(), (a, b) -> a.isAfter(b) ? a : b);
        }
        return standings(last, clock.instant());
    }

    /** @param lastRuns scenario name → its newest run */
    public List<Standing> standings(Map<String, Instant> lastRuns, Instant now) {
        List<Standing> standings = new ArrayList<>();
        for (Slot slot : slots) {
            Optional<Instant> last = Optional.ofNullable(lastRuns.get(slot.scenario()));
            Instant dueFrom = lastEndedQuarterStart(slot.quarter(), now);
            boolean overdue = last.map(run -> run.isBefore(dueFrom)).orElse(true);
            standings.add(new Standing(slot, last, overdue, overdue ? Optional.of(dueFrom) : Optional.empty()));
        }
        return standings;
    }

    /** The start of the most recent occurrence of {@code quarter} that has ended by {@code now}. */
    static Instant lastEndedQuarterStart(int quarter, Instant now) {
        LocalDate today = now.atOffset(ZoneOffset.UTC).toLocalDate();
        LocalDate start = LocalDate.of(today.getYear(), 3 * (quarter - 1) + 1, 1);
        if (!start.plusMonths(3).atStartOfDay().toInstant(ZoneOffset.UTC).isAfter(now)) {
            return start.atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        return start.minusYears(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
