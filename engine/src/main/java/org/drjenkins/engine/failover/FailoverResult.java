package org.drjenkins.engine.failover;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drjenkins.engine.config.Targets;

/**
 * What a failover did (or, dry, would do), with its evidence.
 *
 * @param from          the old primary region
 * @param to            the promoted region
 * @param dryRun        nothing was changed
 * @param refused       the gates refused and nothing was changed
 * @param forced        {@code --force} overrode failing gates
 * @param completed     every step and post-check succeeded
 * @param gates         each gate's result
 * @param steps         the steps done, in order (planned ones for a dry run); a failed one is the last done
 * @param evidence      timestamps
 * @param rtoSeconds    detection (or start) to healthy; {@code null} unless completed
 * @param dataLoss      the RPO achieved and how it was measured
 * @param targets       the database's RTO/RPO targets
 * @param failure       why it stopped, one line; {@code null} when completed, refused or dry
 * @param notifications one line per incident notice delivery
 * @param remaining     when it stopped after promoting the target: what is left, one line per step
 * @param finishWith    when it stopped after promoting the target: the commands that finish it ({@code dr failover
 *                      --resume} first, then the DNS provider's own when the switch is left)
 * @param recordProblems buckets the failover record could not be written to
 */
public record FailoverResult(String from, String to, boolean dryRun, boolean refused, boolean forced, boolean completed,
        List<Gate> gates, List<Step> steps, Evidence evidence, Double rtoSeconds, DataLoss dataLoss, Targets targets,
        String failure, List<String> notifications, List<String> remaining, List<String> finishWith,
        List<String> recordProblems) {

    public FailoverResult {
        gates = List.copyOf(gates);
        steps = List.copyOf(steps);
        notifications = List.copyOf(notifications);
        remaining = remaining == null ? List.of() : List.copyOf(remaining);
        finishWith = finishWith == null ? List.of() : List.copyOf(finishWith);
        recordProblems = recordProblems == null ? List.of() : List.copyOf(recordProblems);
    }

    public FailoverResult(String from, String to, boolean dryRun, boolean refused, boolean forced, boolean completed,
            List<Gate> gates, List<Step> steps, Evidence evidence, Double rtoSeconds, DataLoss dataLoss, Targets targets,
            String failure, List<String> notifications) {
        this(from, to, dryRun, refused, forced, completed, gates, steps, evidence, rtoSeconds, dataLoss, targets, failure,
                notifications, List.of(), List.of(), List.of());
    }

    /** The same result with the delivery log as it stands now (notices are sent in the background). */
    public FailoverResult withNotifications(List<String> log) {
        return new FailoverResult(from, to, dryRun, refused, forced, completed, gates, steps, evidence, rtoSeconds, dataLoss,
                targets, failure, log, remaining, finishWith, recordProblems);
    }

    public FailoverResult withRemaining(List<String> left, List<String> commands, List<String> problems) {
        return new FailoverResult(from, to, dryRun, refused, forced, completed, gates, steps, evidence, rtoSeconds, dataLoss,
                targets, failure, notifications, left, commands, problems);
    }

    public Double rpoSeconds() {
        return dataLoss == null ? null : dataLoss.seconds();
    }

    /** Completed within the RTO target, with a measured RPO within the RPO target. */
    public boolean compliant() {
        return completed && rtoSeconds != null && rtoSeconds <= Seconds.of(targets.rto()) && rpoSeconds() != null
                && rpoSeconds() <= Seconds.of(targets.rpo());
    }

    /** 0 done (or a dry run the gates allow), 1 refused or failed. */
    public int exitCode() {
        if (dryRun) {
            return refused ? 1 : 0;
        }
        return completed ? 0 : 1;
    }

    public List<String> doneSteps() {
        return steps.stream().filter(s -> s.status() == Step.Status.DONE).map(Step::name).toList();
    }

    /** The plan as people read it: gates, then steps, one per line. */
    public String plan() {
        List<String> lines = new ArrayList<>();
        lines.add((dryRun ? "Failover plan" : "Failover") + " from " + from + " to " + to
                + (dryRun ? " (dry run: nothing changed)" : "") + (refused ? ": REFUSED by its gates" : "")
                + (forced ? ": FORCED past failing gates" : ""));
        lines.add("gates:");
        gates.forEach(g -> lines.add("  " + g));
        lines.add("steps:");
        int n = 1;
        for (Step step : steps) {
            lines.add("  " + n++ + ". " + step);
        }
        return String.join("\n", lines);
    }

    /**
     * The documented JSON: {@code from, to, steps, rtoSeconds, rpoSeconds, compliant, forced}, plus {@code refused} and
     * {@code gates} (the shared library reads {@code refused}), the evidence and, for a dry run, the plan as text.
     */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("from", from);
        json.put("to", to);
        json.put("steps", steps.stream().map(FailoverResult::stepJson).toList());
        json.put("rtoSeconds", rtoSeconds);
        json.put("rpoSeconds", rpoSeconds());
        json.put("compliant", compliant());
        json.put("forced", forced);
        json.put("refused", refused);
        json.put("dryRun", dryRun);
        json.put("completed", completed);
        json.put("gates", gates.stream().map(g -> {
            Map<String, Object> gate = new LinkedHashMap<>();
            gate.put("name", g.name());
            gate.put("passed", g.passed());
            gate.put("detail", g.detail());
            return gate;
        }).toList());
        json.put("rtoTargetSeconds", Seconds.of(targets.rto()));
        json.put("rpoTargetSeconds", Seconds.of(targets.rpo()));
        json.put("rpoBasis", dataLoss == null ? "not measured" : dataLoss.basis());
        if (dataLoss != null && dataLoss.bytes() != null) {
            json.put("walBytesLost", dataLoss.bytes());
        }
        if (dataLoss != null && dataLoss.markersLost() != null) {
            json.put("markersLost", dataLoss.markersLost());
        }
        json.put("evidence", evidence.toJson());
        if (failure != null) {
            json.put("failure", failure);
        }
        if (!remaining.isEmpty()) {
            json.put("remaining", remaining);
            json.put("finishWith", finishWith);
        }
        if (!recordProblems.isEmpty()) {
            json.put("recordProblems", recordProblems);
        }
        json.put("notifications", notifications);
        if (dryRun) {
            json.put("plan", plan());
        }
        return json;
    }

    private static Map<String, Object> stepJson(Step step) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("step", step.name());
        json.put("status", step.status().name().toLowerCase(java.util.Locale.ROOT));
        if (step.at() != null) {
            json.put("at", step.at().toString());
            json.put("seconds", step.seconds());
        }
        json.put("detail", step.detail());
        return json;
    }
}
