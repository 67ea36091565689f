package org.drjenkins.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.drill.CommunicationOptions;
import org.drjenkins.engine.drill.ComponentResult;
import org.drjenkins.engine.drill.DrillJunit;
import org.drjenkins.engine.drill.DrillMarkdown;
import org.drjenkins.engine.drill.DrillOptions;
import org.drjenkins.engine.drill.DrillReport;
import org.drjenkins.engine.drill.DrillRunner;
import org.drjenkins.engine.drill.DrillTools;
import org.drjenkins.engine.drill.PhaseResult;
import org.drjenkins.engine.drill.Scenario;
import org.drjenkins.engine.failover.EvidenceJson;
import org.drjenkins.engine.failover.FailoverTools;
import org.drjenkins.engine.failover.Seconds;
import org.drjenkins.engine.paging.OperationIncidents;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.util.InvalidRequestException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "drill", header = "Rehearse a failure for real (backup-restore, failovers, communication) and measure RTO and RPO.", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Rehearse part of the plan for real and measure it. Scenarios:",
                "  backup-restore     back up every component, verify-restore each, compare with the targets",
                "  database-failover  marker writer on the primary, break it (stop it when its dataDirectory is here, else",
                "                     its faultCommand), detect as dr watch does, fail over, check the new primary, roll",
                "                     back (the old primary rejoins as a standby: pg_rewind, a fresh base backup or its",
                "                     rejoinCommand; --switch-back makes it primary again)",
                "  region-failover    the same for every component of the region, with the DNS switch",
                "  communication      the Q3 drill: a DRILL incident pages the current on-call, the drill SLA (--drill-sla) expires",
                "                     once to prove the escalation reaches the secondary, time to acknowledgement measured",
                "                     (--ack-within waits for dr incident ack), executive update, customer email, resolve",
                "  end-to-end         backup-restore, then region-failover, in one report",
                "Each phase and the whole drill have a time budget (default: the drilled components' RTO target); a phase",
                "that runs out is aborted and the system rolled back. The rollback runs on every exit path.",
                "The report is also stored as drills/<drillId>/report.json in the primary region's bucket.", "",
                "Exit codes: 0 passed (every phase passed, every target met), 1 failed or aborted, 2 bad input."})
final class DrillCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--scenario", required = true, paramLabel = "NAME",
            description = "backup-restore, database-failover, region-failover, communication or end-to-end.")
    String scenario;

    @Option(names = "--to", paramLabel = "REGION",
            description = "The region to fail over to. Default: the first region after the primary with a database.")
    String to;

    @Option(names = "--json", description = "Print the report as JSON on stdout (rtoSeconds, rpoSeconds, compliant per "
            + "component and overall).")
    boolean json;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write the report as JUnit XML (each phase a test case).")
    Path junit;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Write the report as Markdown.")
    Path markdown;

    @Option(names = "--interval", paramLabel = "DURATION",
            description = "Shorter health-check interval for detection than the plan's (the report says so).")
    String interval;

    @Option(names = "--threshold", paramLabel = "DURATION",
            description = "Shorter failover threshold for detection than the plan's (the report says so).")
    String threshold;

    @Option(names = "--budget", paramLabel = "DURATION",
            description = "Time budget of the whole drill. Default: the drilled components' RTO target.")
    String budget;

    @Option(names = "--phase-budget", paramLabel = "DURATION", description = "Time budget of each phase. Default: none "
            + "beyond the whole drill's.")
    String phaseBudget;

    @Option(names = "--switch-back", description = "After the rollback, fail back to the original primary.")
    boolean switchBack;

    @Option(names = "--drill-sla", paramLabel = "DURATION", description = "communication: the drill's shortened response "
            + "SLA; nobody acknowledging within it proves the escalation, the customer email follows it. Default: 30s.")
    String drillSla;

    @Option(names = "--ack-within", paramLabel = "DURATION", description = "communication: wait this long for the on-call "
            + "to acknowledge (dr incident ack ID) after the escalation. Default: the drill acknowledges itself (unattended).")
    String ackWithin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Scenario chosen = Scenario.fromName(scenario).orElseThrow(() -> new InvalidRequestException("--scenario "
                + scenario + ": no such drill; use one of " + Scenario.allowed()));
        DrillOptions options = options(chosen);
        DrConfig plan = config.load();
        StderrProgress progress = new StderrProgress(System.err, false);
        Secrets secrets = CliEnvironment.secrets();
        FailoverTools failover = FailoverTools.from(plan, secrets, System.getenv(), progress);
        DrillReport report;
        // A failed drill raises incidents.severities.drillFailed when the plan has channels.
        try (OperationIncidents incidents = OperationIncidents.forPlan(plan, CliEnvironment.stores(secrets), System.getenv(), progress)) {
            DrillTools tools = new DrillTools(secrets, CliEnvironment.stores(secrets), failover, System.getenv());
            report = incidents.drill(() -> new DrillRunner(plan, tools, Clock.systemUTC(), progress).communication(communication()).run(options));
        } finally {
            failover.notifier().close();
        }
        Map<String, Object> reports = new LinkedHashMap<>();
        if (junit != null) {
            reports.put("junit", write(junit, DrillJunit.render(report)).toString());
        }
        if (markdown != null) {
            reports.put("markdown", write(markdown, DrillMarkdown.render(report)).toString());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> body = new LinkedHashMap<>(report.toJson());
            body.put("reports", reports);
            out.println(EvidenceJson.text(body));
        } else {
            print(out, report);
            reports.forEach((kind, file) -> out.println("  " + kind + " report: " + file));
        }
        out.flush();
        return report.exitCode();
    }

    private DrillOptions options(Scenario chosen) {
        DrillOptions options = DrillOptions.of(chosen).switchingBack(switchBack);
        options = Optional.ofNullable(to).map(options::to).orElse(options);
        var every = DurationOption.positive("--interval", interval);
        var after = DurationOption.positive("--threshold", threshold);
        if (every.isPresent() || after.isPresent()) {
            options = new DrillOptions(options.scenario(), options.target(), every, after, options.budget(),
                    options.phaseBudget(), options.switchBack(), options.markerInterval());
        }
        options = DurationOption.positive("--budget", budget).map(options::budget).orElse(options);
        return DurationOption.positive("--phase-budget", phaseBudget).map(options::phaseBudget).orElse(options);
    }

    private CommunicationOptions communication() {
        CommunicationOptions options = CommunicationOptions.defaults();
        options = DurationOption.positive("--drill-sla", drillSla).map(options::drillSla).orElse(options);
        return DurationOption.positive("--ack-within", ackWithin).map(options::ackWithin).orElse(options);
    }

    private static Path write(Path file, String text) throws IOException {
        Path absolute = file.toAbsolutePath();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        Files.writeString(absolute, text, StandardCharsets.UTF_8);
        return absolute;
    }

    private static void print(PrintWriter out, DrillReport report) {
        out.printf("DRILL %s %s: %s in %s%n", report.scenario().cliName(), report.drillId(), report.outcome(),
                Seconds.text(report.durationSeconds()));
        if (report.detection() != null) {
            out.println("  detection: " + report.detection());
        }
        for (PhaseResult phase : report.phases()) {
            out.printf("  [%s] %s (%s): %s%n", phase.status(), phase.name(), Seconds.text(phase.seconds()), phase.detail());
        }
        for (ComponentResult c : report.components()) {
            out.printf("  %-12s RTO %s / %s   RPO %s / %s   %s%n", c.component(),
                    c.rtoSeconds() == null ? "n/a" : Seconds.text(c.rtoSeconds()), Seconds.text(c.rtoTargetSeconds()),
                    !c.rpoApplies() ? "n/a" : c.rpoSeconds() == null ? "n/a" : Seconds.text(c.rpoSeconds()),
                    Seconds.text(c.rpoTargetSeconds()), c.compliant() ? "COMPLIANT" : "NOT COMPLIANT");
        }
        report.notes().forEach(note -> out.println("  note: " + note));
    }
}
