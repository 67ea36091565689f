package io.jenkins.plugins.dr.steps;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The argument rules of the steps, checked when a step starts, before anything runs. Each returns the one line the
 * build fails with, naming the parameter and what to write.
 */
public final class StepArguments {
    /** The drill scenarios DrillRunner knows; the shared library's drQuarterlyDrill uses the same names. */
    public static final List<String> DRILL_SCENARIOS =
            List.of("backup-restore", "database-failover", "region-failover", "communication", "end-to-end");
    /** Drill scenarios that fail over, and so hold the region lock like drFailover. */
    public static final List<String> FAILING_OVER_SCENARIOS =
            List.of("database-failover", "region-failover", "end-to-end");

    /** A WAL position as PostgreSQL prints it (the engine's Lsn.parse accepts the same). */
    private static final Pattern LSN = Pattern.compile("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}");

    private StepArguments() {
    }

    public static Optional<String> component(String stepName, String component) {
        if (component == null || component.isBlank()) {
            return Optional.of(Messages.StepArguments_componentRequired(stepName));
        }
        return Optional.empty();
    }

    /**
     * A point-in-time verification stops at a time or at a WAL position, as {@code dr verify-restore --to-time /
     * --to-lsn}. The texts are checked here, on the controller, so that a typo fails before anything is downloaded;
     * the agent task parses them again for the engine.
     */
    public static Optional<String> recoveryTarget(String stepName, String toTime, String toLsn) {
        boolean time = toTime != null && !toTime.isBlank();
        boolean lsn = toLsn != null && !toLsn.isBlank();
        if (time && lsn) {
            return Optional.of(Messages.StepArguments_toTimeAndToLsn(stepName));
        }
        if (time) {
            try {
                OffsetDateTime.parse(toTime.strip());
            } catch (DateTimeParseException e) {
                return Optional.of(Messages.StepArguments_badToTime(stepName, toTime));
            }
        }
        if (lsn && !LSN.matcher(toLsn.strip()).matches()) {
            return Optional.of(Messages.StepArguments_badToLsn(stepName, toLsn));
        }
        return Optional.empty();
    }

    /**
     * A real failover promotes a standby and moves DNS: it needs {@code confirm: true}, which a pipeline should only
     * pass after a person approved the dry run's plan in an {@code input} step.
     */
    public static Optional<String> failover(String to, boolean dryRun, boolean confirm) {
        if (to == null || to.isBlank()) {
            return Optional.of(Messages.StepArguments_toRequired());
        }
        if (!dryRun && !confirm) {
            return Optional.of(Messages.StepArguments_confirmRequired(to.strip()));
        }
        return Optional.empty();
    }

    /**
     * drRestore writes over the place an incident needs, so it needs {@code confirm: true} unless it is the dry run
     * ({@code diff: true}); a pipeline should pass it only after a person approved the diff. Which backup and how far
     * to replay are each given once.
     */
    public static Optional<String> restore(String backup, boolean latestVerified, String toTime, String toLsn,
            boolean latest, boolean diff, boolean confirm) {
        if (latestVerified && backup != null && !backup.isBlank()) {
            return Optional.of(Messages.StepArguments_backupAndLatestVerified());
        }
        if (latest && (toTime != null && !toTime.isBlank() || toLsn != null && !toLsn.isBlank())) {
            return Optional.of(Messages.StepArguments_latestAndPoint());
        }
        if (!diff && !confirm) {
            return Optional.of(Messages.StepArguments_restoreConfirmRequired());
        }
        return Optional.empty();
    }

    public static Optional<String> drill(String scenario, String junit, String markdown, String json) {
        if (scenario == null || !DRILL_SCENARIOS.contains(scenario.strip())) {
            String scenarios = String.join(", ", DRILL_SCENARIOS);
            return Optional.of(scenario == null || scenario.isBlank() ? Messages.StepArguments_scenarioRequired(scenarios)
                    : Messages.StepArguments_unknownScenario(scenario, scenarios));
        }
        for (String[] report : new String[][] {{"junit", junit}, {"markdown", markdown}, {"json", json}}) {
            String path = report[1];
            if (path != null && (path.startsWith("/") || path.replace('\\', '/').contains("../"))) {
                return Optional.of(Messages.StepArguments_reportLeavesWorkspace(report[0], path,
                        report[0].equals("junit") ? "xml" : report[0].equals("markdown") ? "md" : "json"));
            }
        }
        return Optional.empty();
    }
}
