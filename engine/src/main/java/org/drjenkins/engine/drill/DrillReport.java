package org.drjenkins.engine.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.drjenkins.engine.failover.FailoverResult;
import org.drjenkins.engine.failover.Seconds;

/**
 * Everything a drill measured: its phases, the RTO/RPO per component against targets, and the failovers it ran.
 *
 * @param drillId    {@code 20260125T021500Z-database-failover}: sorts by time, names the scenario
 * @param scenario   which drill
 * @param outcome    passed, failed or aborted
 * @param startedAt  when it started
 * @param finishedAt when the rollback and report were done
 * @param phases     in order, rollback included
 * @param components measured RTO/RPO per component
 * @param detection  how the outage was detected (interval, threshold, whether shortened); {@code null} when none
 * @param failovers  the failovers it ran (the drill's, and the switch-back if any)
 * @param notes      further remarks (budget, where the record was stored, what could not be done)
 */
public record DrillReport(String drillId, Scenario scenario, DrillOutcome outcome, Instant startedAt, Instant finishedAt,
        List<PhaseResult> phases, List<ComponentResult> components, String detection, List<FailoverResult> failovers,
        List<String> notes) {

    public DrillReport {
        Objects.requireNonNull(drillId, "drillId");
        phases = List.copyOf(phases);
        components = List.copyOf(components);
        failovers = List.copyOf(failovers);
        notes = List.copyOf(notes);
    }

    public boolean passed() {
        return outcome == DrillOutcome.PASSED;
    }

    /** 0 passed, 1 failed or aborted. */
    public int exitCode() {
        return passed() ? 0 : 1;
    }

    public double durationSeconds() {
        return Seconds.between(startedAt, finishedAt);
    }

    /** The slowest component's recovery time; {@code null} when none recovered or none was measured. */
    public Double rtoSeconds() {
        return components.stream().map(ComponentResult::rtoSeconds).filter(Objects::nonNull).max(Double::compare)
                .orElse(null);
    }

    /** The largest data loss measured; {@code null} when none was. */
    public Double rpoSeconds() {
        return components.stream().filter(ComponentResult::rpoApplies).map(ComponentResult::rpoSeconds)
                .filter(Objects::nonNull).max(Double::compare).orElse(null);
    }

    /** Every measured component within its targets (a drill that measures none, like communication: it passed). */
    public boolean compliant() {
        return components.isEmpty() ? passed() : components.stream().allMatch(ComponentResult::compliant);
    }

    public DrillReport withNote(String note) {
        List<String> more = new java.util.ArrayList<>(notes);
        more.add(note);
        return new DrillReport(drillId, scenario, outcome, startedAt, finishedAt, phases, components, detection, failovers,
                more);
    }

    /** The drill's JSON: the same {@code rtoSeconds}/{@code rpoSeconds}/{@code compliant} as a failover's, per component and overall. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("drillId", drillId);
        json.put("scenario", scenario.cliName());
        json.put("outcome", outcome.name());
        json.put("passed", passed());
        json.put("rtoSeconds", rtoSeconds());
        json.put("rpoSeconds", rpoSeconds());
        json.put("compliant", compliant());
        json.put("startedAt", startedAt.toString());
        json.put("finishedAt", finishedAt.toString());
        json.put("durationSeconds", durationSeconds());
        if (detection != null) {
            json.put("detection", detection);
        }
        json.put("components", components.stream().map(c -> {
            Map<String, Object> component = new LinkedHashMap<>();
            component.put("component", c.component());
            component.put("rtoSeconds", c.rtoSeconds());
            component.put("rtoTargetSeconds", c.rtoTargetSeconds());
            component.put("rpoSeconds", c.rpoSeconds());
            component.put("rpoTargetSeconds", c.rpoTargetSeconds());
            component.put("compliant", c.compliant());
            component.put("basis", c.basis());
            return component;
        }).toList());
        json.put("phases", phases.stream().map(p -> {
            Map<String, Object> phase = new LinkedHashMap<>();
            phase.put("phase", p.name());
            phase.put("component", p.component());
            phase.put("status", p.status().name());
            phase.put("startedAt", p.startedAt().toString());
            phase.put("seconds", p.seconds());
            phase.put("detail", p.detail());
            return phase;
        }).toList());
        json.put("failovers", failovers.stream().map(FailoverResult::toJson).toList());
        json.put("notes", notes);
        return json;
    }

    /** {@code 20260125T021500Z-database-failover}. */
    static String newId(Instant at, Scenario scenario) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
                .withZone(java.time.ZoneOffset.UTC).format(at) + "-" + scenario.cliName();
    }

    static String seconds(Double value) {
        return value == null ? "n/a" : Seconds.text(value);
    }

    static String target(double seconds) {
        return Seconds.text(Duration.ofMillis(Math.round(seconds * 1000)));
    }
}
