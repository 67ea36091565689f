package io.jenkins.plugins.dr.steps;

import java.util.List;
import java.util.Optional;

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

    private StepArguments() {
    }

    public static Optional<String> component(String stepName, String component) {
        if (component == null || component.isBlank()) {
            return Optional.of(stepName + ": 'component' is required: name a component of the plan, e.g. "
                    + stepName + "(component: 'database')");
        }
        return Optional.empty();
    }

    /**
     * A real failover promotes a standby and moves DNS: it needs {@code confirm: true}, which a pipeline should only
     * pass after a person approved the dry run's plan in an {@code input} step.
     */
    public static Optional<String> failover(String to, boolean dryRun, boolean confirm) {
        if (to == null || to.isBlank()) {
            return Optional.of("drFailover: 'to' is required: name the region to fail over to, e.g."
                    + " drFailover(to: 'eu-west-1')");
        }
        if (!dryRun && !confirm) {
            return Optional.of("drFailover: failing over to " + to.strip() + " promotes its standby and switches DNS,"
                    + " so it needs confirm: true; run drFailover(to: '" + to.strip() + "', dryRun: true) first and let a"
                    + " person approve its plan in an input step (see drFailoverWithApproval)");
        }
        return Optional.empty();
    }

    public static Optional<String> drill(String scenario, String junit, String markdown, String json) {
        if (scenario == null || !DRILL_SCENARIOS.contains(scenario.strip())) {
            return Optional.of("drDrill: scenario: " + (scenario == null || scenario.isBlank() ? "is required"
                    : "'" + scenario + "' is not a drill scenario") + "; use one of " + String.join(", ", DRILL_SCENARIOS));
        }
        for (String[] report : new String[][] {{"junit", junit}, {"markdown", markdown}, {"json", json}}) {
            String path = report[1];
            if (path != null && (path.startsWith("/") || path.replace('\\', '/').contains("../"))) {
                return Optional.of("drDrill: " + report[0] + ": '" + path + "' leaves the workspace; name a file in it,"
                        + " e.g. dr-drill." + (report[0].equals("junit") ? "xml" : report[0].equals("markdown") ? "md"
                        : "json"));
            }
        }
        return Optional.empty();
    }
}
