package io.jenkins.plugins.dr.evidence;

import hudson.model.Job;
import hudson.scheduler.CronTab;
import hudson.scheduler.Hash;
import hudson.triggers.TimerTrigger;
import hudson.triggers.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Optional;
import jenkins.triggers.TriggeredItem;

/**
 * A job's "build periodically" schedule, as Jenkins itself reads it (CronTab, with the job's hash for {@code H}):
 * when it should last have run before now, how often it runs, and so whether a run was missed.
 *
 * @param specs   every trigger's spec, for display ("none" when there is none)
 * @param lastDue when the timer should last have started the job, empty without a timer
 * @param period  the time between two runs around now (the verification's freshness window), empty without a timer
 */
public record Schedule(String specs, Optional<Instant> lastDue, Optional<Duration> period) {
    /** Jenkins starts a timed build within a minute of its time; a queue or a restart may delay it a little more. */
    static final Duration START_TOLERANCE = Duration.ofMinutes(5);

    static Schedule of(Job<?, ?> job, Instant now) {
        if (!(job instanceof TriggeredItem triggered)) {
            return new Schedule("none", Optional.empty(), Optional.empty());
        }
        List<String> specs = new ArrayList<>();
        Instant lastDue = null;
        Duration period = null;
        for (Trigger<?> trigger : triggered.getTriggers().values()) {
            String spec = trigger.getSpec();
            if (spec == null || spec.isBlank()) {
                continue;
            }
            specs.add(spec.strip().replace('\n', ' '));
            if (!(trigger instanceof TimerTrigger)) {
                continue; // polling SCM does not promise a build
            }
            for (CronTab tab : tabs(spec, job.getFullName())) {
                Calendar floor;
                Calendar next;
                try {
                    floor = tab.floor(now.toEpochMilli());
                    next = floor == null ? null : tab.ceil(floor.getTimeInMillis() + 60_000);
                } catch (RuntimeException e) {
                    continue; // RareOrImpossibleDateException: a spec like 30 Feb has no last or next time
                }
                if (floor == null) {
                    continue;
                }
                Instant due = floor.toInstant();
                if (lastDue == null || due.isAfter(lastDue)) {
                    lastDue = due;
                }
                if (next != null) {
                    Duration gap = Duration.between(due, next.toInstant());
                    period = period == null || gap.compareTo(period) < 0 ? gap : period;
                }
            }
        }
        return new Schedule(specs.isEmpty() ? "none" : String.join("; ", specs), Optional.ofNullable(lastDue),
                Optional.ofNullable(period));
    }

    /** One CronTab per line, as CronTabList reads them (comments and blank lines skipped, TZ= applied). */
    private static List<CronTab> tabs(String spec, String jobName) {
        List<CronTab> tabs = new ArrayList<>();
        String timezone = null;
        int lineNumber = 0;
        for (String line : spec.split("\\r?\\n")) {
            lineNumber++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            if (text.startsWith("TZ=")) {
                timezone = text.substring(3).strip();
                continue;
            }
            try {
                tabs.add(new CronTab(text, lineNumber, Hash.from(jobName), timezone));
            } catch (RuntimeException e) {
                // Jenkins refuses to save an invalid spec; one that slipped through simply promises nothing here.
            }
        }
        return tabs;
    }

    /**
     * Whether the timer should have started the job (more than {@link #START_TOLERANCE} ago) since the last build
     * started: a run that did not happen. A job that never ran and has a timer is missed too.
     */
    public boolean missed(long lastStartedMillis, Instant now) {
        return lastDue.map(due -> due.plus(START_TOLERANCE).isBefore(now) && lastStartedMillis < due.toEpochMilli())
                .orElse(false);
    }
}
