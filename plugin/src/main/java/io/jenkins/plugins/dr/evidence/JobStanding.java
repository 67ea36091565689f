package io.jenkins.plugins.dr.evidence;

import hudson.model.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.compliance.Verdict;
import org.drjenkins.engine.config.Durations;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * A DR job as the Disaster Recovery page and {@code /api/json} show it, from its {@link EvidenceIndex} and its timer
 * only (no build is loaded): its schedule, when it should last have run and whether it did, its last result, and
 * each component's live standing. A scheduled job whose DR steps never recorded evidence is a row too.
 */
@ExportedBean(defaultVisibility = 2)
public final class JobStanding {
    private final String name;
    private final String url;
    private final Schedule schedule;
    private final Optional<EvidenceIndex> index;
    private final List<LiveStatus> components;
    private final Instant now;

    private JobStanding(String name, String url, Schedule schedule, Optional<EvidenceIndex> index, List<LiveStatus> components,
            Instant now) {
        this.name = name;
        this.url = url;
        this.schedule = schedule;
        this.index = index;
        this.components = components;
        this.now = now;
    }

    static JobStanding of(Job<?, ?> job, Optional<EvidenceIndex> index, Instant now) {
        Schedule schedule = Schedule.of(job, now);
        List<LiveStatus> components = index.map(i -> i.latest().keySet().stream()
                .map(component -> LiveStatus.of(component, job.getFullName(), i, schedule, now)).toList()).orElse(List.of());
        return new JobStanding(job.getFullDisplayName(), job.getUrl(), schedule, index, components, now);
    }

    @Exported
    public String getName() {
        return name;
    }

    @Exported
    public String getUrl() {
        return url;
    }

    /** The triggers' cron specs, or "none". */
    @Exported
    public String getSchedule() {
        return schedule.specs();
    }

    /** When the timer should last have started the job (ISO-8601), or null without a timer. */
    @Exported
    public String getLastDue() {
        return schedule.lastDue().map(Instant::toString).orElse(null);
    }

    /** The timer should have started the job since its last build and did not. */
    @Exported
    public boolean isMissed() {
        return schedule.missed(index.map(EvidenceIndex::lastStartedMillis).orElse(0L), now);
    }

    /** No DR step of this job has recorded evidence yet. */
    @Exported
    public boolean isNoEvidence() {
        return components.isEmpty();
    }

    @Exported
    public String getLastResult() {
        return index.map(EvidenceIndex::lastResult).orElse("no builds recorded");
    }

    @Exported
    public int getLastBuild() {
        return index.map(EvidenceIndex::lastBuild).orElse(0);
    }

    /** When its last build started (ISO-8601), or null. */
    @Exported
    public String getLastStarted() {
        return index.map(EvidenceIndex::lastStartedMillis).filter(ms -> ms > 0).map(ms -> Instant.ofEpochMilli(ms).toString())
                .orElse(null);
    }

    @Exported(inline = true)
    public List<LiveStatus> getComponents() {
        return components;
    }

    /** The worst live verdict of the job's components, NO_EVIDENCE when it has none. */
    @Exported
    public String getVerdict() {
        return verdict().name();
    }

    public Verdict verdict() {
        return components.isEmpty() ? Verdict.NO_EVIDENCE
                : components.stream().map(LiveStatus::verdict).reduce(Verdict.COMPLIANT, Verdict::worse);
    }

    /** "whether it ran": {@code missed (due 2026-…)}, {@code ran}, or {@code no timer}. */
    public String getRunText() {
        if (schedule.lastDue().isEmpty()) {
            return "no timer";
        }
        return (isMissed() ? "MISSED" : "ran") + " (due " + schedule.lastDue().get() + ")";
    }

    public String getSinceLastPassingVerification() {
        return since(index.flatMap(EvidenceIndex::lastPassingVerification));
    }

    public String getSinceLastDrill() {
        return since(index.flatMap(EvidenceIndex::lastDrill));
    }

    private String since(Optional<EvidenceIndex.Entry> entry) {
        return entry.map(e -> Durations.format(Duration.ofSeconds(Math.max(0,
                Duration.between(Instant.ofEpochMilli(e.evidence().timeMillis()), now).getSeconds()))) + " ago"
                + (e.evidence().kind() == EvidenceKind.DRILL ? (e.evidence().passed() ? " (passed)" : " (failed)") : ""))
                .orElse("never");
    }
}
