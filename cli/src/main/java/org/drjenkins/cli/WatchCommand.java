package org.drjenkins.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.failover.EvidenceJson;
import org.drjenkins.engine.failover.FailoverService;
import org.drjenkins.engine.failover.FailoverTools;
import org.drjenkins.engine.failover.Seconds;
import org.drjenkins.engine.failover.Watch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "watch", header = "Watch the primary's health; after a sustained outage fail over to the first healthy region.", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Probe the primary region's health checks every healthCheckInterval. When every check has failed without a",
                "break for failoverThreshold (a single success restarts the count, so a flapping primary is left alone),",
                "fail over to the first healthy region in failover order, as dr failover does, then exit.", "",
                "Exit codes: 0 the primary stayed healthy (--max-wait) or the failover completed, 1 no region could take",
                "over or the failover was refused or failed, 2 bad input."})
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

    @Option(names = "--json", description = "Print what was seen and done as JSON on stdout.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        DrConfig plan = config.load();
        Duration every = DurationOption.positive("--interval", interval).orElse(plan.thresholds().healthCheckInterval());
        Duration after = DurationOption.positive("--threshold", threshold).orElse(plan.thresholds().failoverThreshold());
        Duration limit = DurationOption.positive("--max-wait", maxWait).orElse(Duration.ofDays(365 * 100L));
        StderrProgress progress = new StderrProgress(System.err, false);
        FailoverTools tools = FailoverTools.from(plan, CliEnvironment.secrets(), System.getenv(), progress);
        Watch.Outcome outcome;
        WatchPaging paging = WatchPaging.start(plan, progress);
        try {
            Watch watch = new Watch(new FailoverService(plan, tools, Clock.systemUTC(), progress), tools, every, after,
                    progress).listening(paging.listener());
            outcome = watch.run(limit);
            paging.failedOver(outcome.failover());
        } finally {
            paging.close();
            tools.notifier().close();
        }
        outcome = new Watch.Outcome(outcome.primary(), outcome.detection(), outcome.target(),
                outcome.failover().map(r -> r.withNotifications(tools.notifier().log())), outcome.skipped());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(EvidenceJson.text(toJson(outcome)));
        } else if (outcome.detection().isEmpty()) {
            out.println(outcome.primary() + " stayed healthy for " + Seconds.text(limit) + "; nothing done");
        } else {
            out.println("outage of " + outcome.primary() + ": every check failed for "
                    + Seconds.text(outcome.detection().get().failingFor()));
            outcome.skipped().forEach(s -> out.println("  not healthy, skipped: " + s));
            outcome.failover().ifPresentOrElse(r -> FailoverCommand.print(out, r),
                    () -> out.println("FAILED: no healthy region to fail over to"));
        }
        out.flush();
        return outcome.exitCode();
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
