package org.drjenkins.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.drjenkins.engine.compliance.ComplianceReport;
import org.drjenkins.engine.compliance.ComplianceService;
import org.drjenkins.engine.compliance.ComplianceWatch;
import org.drjenkins.engine.compliance.Verdict;
import org.drjenkins.engine.failover.IncidentNotifier;
import org.drjenkins.engine.notify.IncidentMessage;
import org.drjenkins.engine.notify.IncidentStatus;
import org.drjenkins.engine.compliance.ComponentCompliance;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Durations;
import org.drjenkins.engine.drill.DrillHistory;
import org.drjenkins.engine.drill.DrillRecord;
import org.drjenkins.engine.paging.OperationIncidents;
import org.drjenkins.engine.storage.StoreProvider;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "compliance", header = "Each component's measured RPO and RTO against its targets, with a verdict.", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Each component's measured RPO (age of the newest proven recovery point) and last measured RTO against",
                "its targets, with a verdict: COMPLIANT, AT_RISK (within 20%% of a target, stale or unverified evidence, or a",
                "restore forecast past the target), VIOLATED, NO_EVIDENCE. Exit 0 when every component is compliant, 1 otherwise."})
final class ComplianceCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--at", paramLabel = "TIME", description = "Evaluate as of this ISO-8601 instant (e.g. 2026-01-25T02:00:00Z). Default: now.")
    String at;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Option(names = "--watch", paramLabel = "INTERVAL", description = {"Evaluate again every INTERVAL (e.g. 5m) until stopped: print each",
        "change of a component's verdict and post it to the plan's webhooks (notifications:)."})
    String watch;

    /** For tests: how many evaluations a watch makes (0: until stopped). */
    @Option(names = "--rounds", hidden = true, defaultValue = "0", description = "With --watch: stop after this many evaluations (0: until stopped).")
    int rounds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DrConfig plan = config.load();
        if (watch != null) {
            return watch(plan);
        }
        Instant when = parseAt();
        StoreProvider stores = CliEnvironment.stores(CliEnvironment.secrets());
        ComplianceReport report = new ComplianceService(plan, stores).evaluate(when);
        if (at == null) {
            // Now, not a look back: a verdict turned VIOLATED, STALE or AT_RISK pages (once, on the turn).
            try (OperationIncidents incidents = OperationIncidents.forPlan(plan, stores, System.getenv(), new StderrProgress(System.err, false))) {
                incidents.compliance(report);
            }
        }
        List<DrillRecord> drills = lastDrillPerScenario(new DrillHistory(plan, stores).list(), when);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> json = toJson(report);
            json.put("lastDrills", drills);
            out.println(Json.toText(json));
        } else {
            print(out, report);
            printDrills(out, drills, when);
        }
        out.flush();
        return report.allCompliant() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** {@code --watch}: the engine's {@link ComplianceWatch}, each change printed and posted as an incident notice. */
    private int watch(DrConfig plan) {
        if (at != null || json) {
            throw new InvalidRequestException("--watch evaluates now, again and again: leave out --at and --json");
        }
        Duration interval;
        try {
            interval = Durations.parse(watch);
        } catch (RuntimeException e) {
            throw new InvalidRequestException("--watch " + watch + ": not a duration; write e.g. 30s, 5m or 1h");
        }
        if (interval == null || interval.isZero() || interval.isNegative()) {
            throw new InvalidRequestException("--watch " + watch + ": not a positive duration; write e.g. 30s, 5m or 1h");
        }
        PrintWriter out = spec.commandLine().getOut();
        StoreProvider stores = CliEnvironment.stores(CliEnvironment.secrets());
        StderrProgress progress = new StderrProgress(System.err, false);
        try (IncidentNotifier notifier = IncidentNotifier.fromConfig(plan.notifications(), System.getenv(), progress);
                OperationIncidents incidents = OperationIncidents.forPlan(plan, stores, System.getenv(), progress)) {
            new ComplianceWatch(new ComplianceService(plan, stores), Clock.systemUTC(), d -> Thread.sleep(d.toMillis()))
                    .run(interval, rounds, new WatchListener(out, notifier, incidents));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCodes.OK;
    }

    /**
     * Prints every change; each round goes to the incident engine, which raises an incident when a verdict turns bad
     * and resolves it when it is COMPLIANT again. Without incident channels, changes after the first round are posted
     * as before (the baseline is printed, not notified).
     */
    private record WatchListener(PrintWriter out, IncidentNotifier notifier, OperationIncidents incidents) implements ComplianceWatch.Listener {
        @Override
        public void evaluated(ComplianceReport report) {
            out.println(report.at() + " evaluated: overall " + report.overall());
            out.flush();
            incidents.compliance(report);
        }

        @Override
        public void changed(ComplianceWatch.Change change) {
            ComponentCompliance now = change.now();
            out.println("  " + change.component() + ": " + (change.from() == null ? "" : change.from() + " -> ") + change.to()
                    + " (" + String.join("; ", now.reasons()) + ")");
            out.flush();
            if (change.from() != null && !incidents.enabled()) {
                notifier.post(new IncidentMessage(notifier.service(), change.component() + " is " + change.to() + " (was "
                        + change.from() + ")", Instant.now(), change.to() == Verdict.COMPLIANT ? IncidentStatus.RESOLVED
                        : IncidentStatus.INVESTIGATING, "RPO " + now.rpoSeconds().map(VerifyRestoreCommand::human).orElse("-")
                        + " / " + Durations.format(now.targets().rpo()), null, now.reasons()));
            }
        }

        @Override
        public void failed(RuntimeException e) {
            out.println("compliance could not be evaluated this round: " + e.getMessage());
            out.flush();
        }
    }

    private Instant parseAt() {
        if (at == null) {
            return Instant.now();
        }
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("--at " + at + ": not an ISO-8601 instant; use e.g. 2026-01-25T02:00:00Z");
        }
    }

    static void print(PrintWriter out, ComplianceReport report) {
        out.printf("%-16s %-12s %-22s %-22s %s%n", "COMPONENT", "VERDICT", "RPO (measured/target)", "RTO (measured/target)", "BASIS");
        for (ComponentCompliance c : report.components()) {
            out.printf("%-16s %-12s %-22s %-22s %s%n", c.component(), c.verdict(),
                    c.rpoSeconds().map(VerifyRestoreCommand::human).orElse("-") + " / " + Durations.format(c.targets().rpo()),
                    c.rtoSeconds().map(VerifyRestoreCommand::human).orElse("-") + " / " + Durations.format(c.targets().rto()), c.rpoBasis());
            for (String reason : c.reasons()) {
                out.println("    " + reason);
            }
        }
        out.println("overall: " + report.overall());
    }

    /** The newest drill of each scenario up to {@code at}: an auditor asks when each was last rehearsed. */
    static List<DrillRecord> lastDrillPerScenario(List<DrillRecord> all, Instant at) {
        Map<String, DrillRecord> latest = new java.util.TreeMap<>();
        for (DrillRecord drill : all) {
            if (!drill.startedAt().isAfter(at)) {
                latest.merge(drill.scenario(), drill, (a, b) -> a.startedAt().isAfter(b.startedAt()) ? a : b);
            }
        }
        return List.copyOf(latest.values());
    }

    static void printDrills(PrintWriter out, List<DrillRecord> drills, Instant at) {
        if (drills.isEmpty()) {
            out.println("drills: none recorded (dr drill stores each one in the primary bucket)");
            return;
        }
        out.println("last drill per scenario:");
        for (DrillRecord d : drills) {
            out.printf("  %-18s %-8s %s ago  RTO %s, data lost %s%s%n", d.scenario(), d.outcome(),
                    Durations.format(Duration.ofSeconds(Duration.between(d.startedAt(), at).toSeconds())),
                    d.rtoSeconds() == null ? "n/a" : VerifyRestoreCommand.human(d.rtoSeconds()),
                    d.rpoSeconds() == null ? "n/a" : VerifyRestoreCommand.human(d.rpoSeconds()), d.compliant() ? "" : " (targets missed)");
        }
    }

    static Map<String, Object> toJson(ComplianceReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("at", report.at().toString());
        json.put("overall", report.overall().name());
        List<Map<String, Object>> components = report.components().stream().map(ComplianceCommand::componentJson).toList();
        json.put("components", components);
        return json;
    }

    private static Map<String, Object> componentJson(ComponentCompliance c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("component", c.component());
        json.put("verdict", c.verdict().name());
        json.put("rpoSeconds", c.rpoSeconds().orElse(null));
        json.put("rpoTargetSeconds", seconds(c.targets().rpo()));
        json.put("rpoBasis", c.rpoBasis());
        json.put("recoveryPoint", c.recoveryPoint().map(Instant::toString).orElse(null));
        json.put("rtoSeconds", c.rtoSeconds().orElse(null));
        json.put("rtoTargetSeconds", seconds(c.targets().rto()));
        json.put("rtoMeasuredAt", c.rtoMeasuredAt().map(Instant::toString).orElse(null));
        json.put("rtoForecastSeconds", c.rtoForecastSeconds().orElse(null));
        json.put("reasons", c.reasons());
        return json;
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
