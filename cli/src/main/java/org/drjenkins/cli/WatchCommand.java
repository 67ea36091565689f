package org.drjenkins.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.failover.EvidenceJson;
import org.drjenkins.engine.failover.FailoverLeases;
import org.drjenkins.engine.failover.FailoverService;
import org.drjenkins.engine.failover.FailoverTools;
import org.drjenkins.engine.failover.Seconds;
import org.drjenkins.engine.failover.Watch;
import org.drjenkins.engine.failover.WatchObservations;
import org.drjenkins.engine.util.InvalidRequestException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "watch", header = "Watch the primary's health; after a sustained outage fail over to the first healthy standby.", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Probe the primary region's health checks every healthCheckInterval. When every check has failed without a",
                "break for failoverThreshold (a single success restarts the count, so a flapping primary is left alone),",
                "fail over to the first healthy standby in failover order, as dr failover does, then watch the new primary",
                "(--once: exit instead). With watch.quorum: N in dr.yaml, N watchers in different regions (--region) must",
                "see the primary down; each writes what it sees to watch/observations/REGION.json in every bucket, and",
                "the one that takes the failover lease first acts.", "",
                "Exit codes: 0 the primary stayed healthy (--max-wait) or every failover completed, 1 no region could take",
                "over or a failover was refused or failed, 2 bad input."})
final class WatchCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--interval", paramLabel = "DURATION",
            description = "Probe this often instead of thresholds.healthCheckInterval (e.g. 500ms for a drill or test).")
    String interval;

    @Option(names = "--threshold", paramLabel = "DURATION",
            description = "Fail over after this long of failure instead of thresholds.failoverThreshold.")
    String threshold;

    @Option(names = "--max-wait", paramLabel = "DURATION",
            description = "Stop watching after this long when the primary stays healthy. Default: watch until an outage.")
    String maxWait;

    @Option(names = "--region", paramLabel = "REGION", description = "The region this watcher runs in: it writes what it "
            + "sees for the other watchers and votes for that region in watch.quorum. Required when the quorum is above 1.")
    String region;

    @Option(names = "--once", description = "Exit after the first outage is handled instead of watching the new primary.")
    boolean once;

    @Option(names = "--lease-ttl", paramLabel = "DURATION", description = "How long the failover lease this watcher "
            + "takes lives unrenewed: how long a killed watcher blocks others. Default: 90s.")
    String leaseTtl;

    @Option(names = "--json", description = "Print what was seen and done as JSON on stdout (one object per outage, then one for the healthy end).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        DrConfig plan = config.load();
        Duration every = DurationOption.positive("--interval", interval).orElse(plan.thresholds().healthCheckInterval());
        Duration after = DurationOption.positive("--threshold", threshold).orElse(plan.thresholds().failoverThreshold());
        Duration limit = DurationOption.positive("--max-wait", maxWait).orElse(Duration.ofDays(365 * 100L));
        int quorum = plan.watch().quorum();
        if (region != null && plan.region(region).isEmpty()) {
            throw new InvalidRequestException("--region " + region + ": no such region; configured: " + String.join(", ",
                    plan.regions().stream().map(r -> r.name()).toList()));
        }
        if (quorum > 1 && region == null) {
            throw new InvalidRequestException("--region: required with watch.quorum " + quorum + " in dr.yaml: name the"
                    + " region this watcher runs in, e.g. --region " + plan.regions().get(0).name());
        }
        StderrProgress progress = new StderrProgress(System.err, false);
        var secrets = CliEnvironment.secrets();
        var stores = CliEnvironment.stores(secrets);
        FailoverTools tools = FailoverTools.from(plan, secrets, System.getenv(), progress, stores,
                FailoverLeases.Terms.of("dr watch" + (region == null ? "" : " --region " + region),
                        DurationOption.positive("--lease-ttl", leaseTtl).orElse(FailoverLeases.DEFAULT_TTL)));
        PrintWriter out = spec.commandLine().getOut();
        List<Watch.Outcome> outcomes = new ArrayList<>();
        WatchPaging paging = WatchPaging.start(plan, progress);
        try {
            Watch watch = new Watch(new FailoverService(plan, tools, Clock.systemUTC(), progress), tools, every, after,
                    progress);
            if (region != null) {
                watch = watch.as(region, WatchObservations.buckets(plan.regions(), stores));
            }
            watch = watch.listening(paging.listener());
            if (once) {
                Watch.Outcome outcome = watch.run(limit);
                paging.failedOver(outcome.failover());
                outcomes.add(print(out, outcome, limit, tools));
            } else {
                for (Watch.Outcome last : watch.watch(limit, outage -> {
                    paging.failedOver(outage.failover());
                    outcomes.add(print(out, outage, limit, tools));
                })) {
                    if (last.detection().isEmpty()) {
                        outcomes.add(print(out, last, limit, tools));
                    }
                }
            }
        } finally {
            paging.close();
            tools.notifier().close();
        }
        return outcomes.stream().mapToInt(Watch.Outcome::exitCode).max().orElse(0);
    }

    private Watch.Outcome print(PrintWriter out, Watch.Outcome seen, Duration limit, FailoverTools tools) {
        Watch.Outcome outcome = new Watch.Outcome(seen.primary(), seen.detection(), seen.target(),
                seen.failover().map(r -> r.withNotifications(tools.notifier().log())), seen.skipped());
        if (json) {
            out.println(EvidenceJson.text(toJson(outcome)));
        } else if (outcome.detection().isEmpty()) {
            out.println(outcome.primary() + " stayed healthy for " + Seconds.text(limit) + "; nothing done");
        } else {
            out.println("outage of " + outcome.primary() + ": every check failed for "
                    + Seconds.text(outcome.detection().get().failingFor()));
            outcome.skipped().forEach(s -> out.println("  skipped: " + s));
            outcome.failover().ifPresentOrElse(r -> FailoverCommand.print(out, r),
                    () -> out.println("FAILED: no healthy standby to fail over to"));
        }
        out.flush();
        return outcome;
    }

    static Map<String, Object> toJson(Watch.Outcome outcome) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("primary", outcome.primary());
        json.put("outageDetected", outcome.detection().isPresent());
        outcome.detection().ifPresent(d -> {
            json.put("firstFailure", d.firstFailureAt().toString());
            json.put("detected", d.detectedAt().toString());
            json.put("failingForSeconds", Seconds.of(d.failingFor()));
        });
        json.put("target", outcome.target().orElse(null));
        json.put("skipped", outcome.skipped());
        json.put("failover", outcome.failover().map(r -> r.toJson()).orElse(null));
        return json;
    }
}
