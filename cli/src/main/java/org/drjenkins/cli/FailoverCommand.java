package org.drjenkins.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.failover.EvidenceJson;
import org.drjenkins.engine.failover.FailoverLeases;
import org.drjenkins.engine.failover.FailoverRequest;
import org.drjenkins.engine.failover.FailoverResult;
import org.drjenkins.engine.failover.FailoverService;
import org.drjenkins.engine.failover.FailoverTools;
import org.drjenkins.engine.failover.Seconds;
import org.drjenkins.engine.paging.OperationIncidents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "failover", header = "Promote a region's standby and point DNS at it, after gates; --dry-run shows the plan.", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Promote a region's standby database and point DNS at it, after gates: the target's health checks pass, its",
                "database is a standby in recovery, and its replication lag is within the database RPO target (when the",
                "primary still answers). Then: fence the old primary (read-only and its sessions ended, or stopped when its",
                "dataDirectory is here), let the standby replay its last WAL, promote (pg_promote), switch DNS, and prove it",
                "(a marker write on the new primary, its checks, the DNS answer). Incident notices go to the configured",
                "webhooks at the start, on each status change and at the end; a failing webhook never holds it up.", "",
                "Its progress is recorded in both regions' buckets (failover/state.json) as it goes. A failover that",
                "stopped after promoting the target (DNS down, say) is finished by a rerun or --resume: the old primary",
                "is fenced again if it takes writes, a promoted target is never given up, then DNS and the post-checks.", "",
                "Secrets: PGPASSWORD, DR_DNS_TSIG_SECRET (rfc2136), AWS credentials from the SDK chain (route53), webhook",
                "URLs from the variables their urlEnv names.",
                "Exit codes: 0 done (or a dry run the gates allow), 1 refused by the gates or failed, 2 bad input (an",
                "unknown region, or --to the region that is already the primary with nothing left to finish)."})
final class FailoverCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--to", required = true, paramLabel = "REGION", description = "The region to promote.")
    String to;

    @Option(names = "--from", paramLabel = "REGION",
            description = "The region failed over from. Default: the region whose database is a writable primary now.")
    String from;

    @Option(names = "--dry-run", description = "Evaluate the gates and print the plan; change nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "Act even when gates refuse; recorded in the evidence as forced. "
            + "Never skips a safety step: a promoted target is never undone, an old primary is always fenced.")
    boolean force;

    @Option(names = "--resume", description = "Finish a failover to --to that stopped after promoting it, even when "
            + "no record of it can be read (a plain rerun finds a recorded one by itself).")
    boolean resume;

    @Option(names = "--lease-ttl", paramLabel = "DURATION", description = "How long the failover lease this run "
            + "takes lives unrenewed (renewed every third of it while the run lives): how long a killed run blocks others."
            + " Default: 90s.")
    String leaseTtl;

    @Option(names = "--json", description = "Print {from, to, steps, rtoSeconds, rpoSeconds, compliant, forced, refused, "
            + "gates, ...} as JSON on stdout.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DrConfig plan = config.load();
        StderrProgress progress = new StderrProgress(System.err, false);
        var secrets = CliEnvironment.secrets();
        FailoverTools tools = FailoverTools.from(plan, secrets, System.getenv(), progress, CliEnvironment.stores(secrets),
                FailoverLeases.Terms.of("dr failover --to " + to, DurationOption.positive("--lease-ttl", leaseTtl)
                        .orElse(FailoverLeases.DEFAULT_TTL)));
        FailoverResult result;
        // failoverStarted pages (critical) as it starts, in the background; its end resolves it with RTO/RPO.
        try (OperationIncidents incidents = OperationIncidents.forPlan(plan, CliEnvironment.stores(secrets), System.getenv(), progress)) {
            FailoverRequest request = FailoverRequest.to(to).asDryRun(dryRun).forced(force).resuming(resume);
            FailoverRequest asked = Optional.ofNullable(from).map(request::from).orElse(request);
            result = incidents.failover(asked, () -> new FailoverService(plan, tools, Clock.systemUTC(), progress).run(asked));
        } finally {
            tools.notifier().close();
        }
        result = result.withNotifications(tools.notifier().log());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(EvidenceJson.text(result.toJson()));
        } else {
            print(out, result);
        }
        out.flush();
        return result.exitCode();
    }

    static void print(PrintWriter out, FailoverResult result) {
        out.println(result.plan());
        if (result.dryRun()) {
            out.println(result.refused() ? "REFUSED: fix what the gates report, or pass --force" : "the gates allow it");
            return;
        }
        if (result.refused()) {
            out.println("REFUSED: nothing was changed; fix what the gates report, or pass --force");
        } else if (!result.completed()) {
            out.println("FAILED: " + result.failure());
            out.println("done: " + (result.doneSteps().isEmpty() ? "nothing" : String.join(", ", result.doneSteps())));
            if (!result.remaining().isEmpty()) {
                out.println("LEFT TO DO (" + result.to() + " is promoted and stays the primary):");
                result.remaining().forEach(line -> out.println("  - " + line));
                out.println("FINISH WITH: " + result.finishWith().get(0));
                result.finishWith().stream().skip(1).forEach(line -> out.println("  or by hand: " + line));
            }
        } else {
            out.printf("DONE: %s is the primary. RTO %s / target %s   RPO %s / target %s   %s%s%n", result.to(),
                    Seconds.text(result.rtoSeconds()), Seconds.text(result.targets().rto()),
                    result.rpoSeconds() == null ? "not measurable" : Seconds.text(result.rpoSeconds()),
                    Seconds.text(result.targets().rpo()), result.compliant() ? "COMPLIANT" : "NOT COMPLIANT",
                    result.forced() ? " (FORCED)" : "");
            out.println("  RPO: " + result.dataLoss().basis());
        }
        result.recordProblems().forEach(line -> out.println("WARNING: " + line));
        result.notifications().forEach(line -> out.println("  notice " + line));
    }
}
