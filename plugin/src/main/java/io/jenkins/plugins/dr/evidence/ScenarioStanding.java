package io.jenkins.plugins.dr.evidence;

import hudson.model.Job;
import io.jenkins.plugins.dr.jenkins.JenkinsFacade;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.compliance.DrillSchedule;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * One quarterly drill of the plan on the Disaster Recovery page: its newest run in any job (drill evidence is recorded
 * under the scenario's name) and whether it is OVERDUE, by the engine's {@link DrillSchedule}. Reads the evidence
 * indexes only, no build.
 */
@ExportedBean(defaultVisibility = 2)
public final class ScenarioStanding {
    private final DrillSchedule.Standing standing;
    private final EvidenceIndex.Entry lastRun;
    private final String job;

    private ScenarioStanding(DrillSchedule.Standing standing, EvidenceIndex.Entry lastRun, String job) {
        this.standing = standing;
        this.lastRun = lastRun;
        this.job = job;
    }

    public static List<ScenarioStanding> all(JenkinsFacade jenkins) {
        Map<String, EvidenceIndex.Entry> newest = new HashMap<>();
        Map<String, String> jobs = new HashMap<>();
        for (Job<?, ?> job : jenkins.allJobs()) {
            Optional<EvidenceIndex> index = EvidenceIndexes.of(job);
            if (index.isEmpty()) {
                continue;
            }
            for (DrillSchedule.Slot slot : DrillSchedule.PLAN.slots()) {
                index.get().drill(slot.scenario()).ifPresent(entry -> {
                    EvidenceIndex.Entry old = newest.get(slot.scenario());
                    if (old == null || old.evidence().timeMillis() < entry.evidence().timeMillis()) {
                        newest.put(slot.scenario(), entry);
                        jobs.put(slot.scenario(), job.getFullName());
                    }
                });
            }
        }
        Map<String, Instant> lastRuns = new HashMap<>();
        newest.forEach((scenario, entry) -> lastRuns.put(scenario, Instant.ofEpochMilli(entry.evidence().timeMillis())));
        List<ScenarioStanding> rows = new ArrayList<>();
        for (DrillSchedule.Standing standing : DrillSchedule.PLAN.standings(lastRuns, jenkins.clock().instant())) {
            String scenario = standing.slot().scenario();
            rows.add(new ScenarioStanding(standing, newest.get(scenario), jobs.get(scenario)));
        }
        return rows;
    }

    @Exported
    public String getQuarter() {
        return "Q" + standing.slot().quarter();
    }

    @Exported
    public String getScenario() {
        return standing.slot().scenario();
    }

    /** When the newest drill of the scenario ran (ISO-8601), or null when it never did. */
    @Exported
    public String getLastRun() {
        return standing.lastRun().map(Instant::toString).orElse(null);
    }

    @Exported
    public boolean isOverdue() {
        return standing.overdue();
    }

    /** The start of the quarter that ended without a run, while overdue (ISO-8601), else null. */
    @Exported
    public String getDueSince() {
        return standing.dueSince().map(Instant::toString).orElse(null);
    }

    /** {@code 2026-02-10T09:00:00Z, passed (quarterly-drill #4)} or {@code never}. */
    public String getLastRunText() {
        if (lastRun == null) {
            return "never";
        }
        return getLastRun() + ", " + (lastRun.evidence().passed() ? "passed" : "failed") + " (" + job + " #" + lastRun.build() + ")";
    }

    public String getLastRunUrl() {
        return lastRun == null ? null : lastRun.url();
    }

    /** {@code OVERDUE (its quarter began 2026-04-01…)} or {@code on schedule}. */
    public String getStatusText() {
        return standing.overdue() ? "OVERDUE (no run since " + getDueSince() + ")" : "on schedule";
    }
}
