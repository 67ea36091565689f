package org.drjenkins.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.failover.EvidenceJson;
import org.drjenkins.engine.failover.FailoverLeases;
import org.drjenkins.engine.failover.FailoverService;
import org.drjenkins.engine.failover.FailoverTools;
import org.drjenkins.engine.failover.Seconds;
import org.drjenkins.engine.failover.Watch;
import org.drjenkins.engine.failover.WatchObservations;
import org.drjenkins.engine.incident.IncidentEngine;
import org.drjenkins.engine.incident.PagerDutyWebhook;
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
                "With --ack-listen PORT it also serves PagerDuty's webhook (Webhooks v3, POST /dr-pagerduty/ on",
                "127.0.0.1:PORT) while it watches, as dr incident listen does: a signed incident.acknowledged delivery",
                "acknowledges the incident in the incident engine this watch pages with, so its escalations stop.", "",
                "Exit codes: 0 the primary stayed healthy (--max-wait) or every failover completed, 1 no region could take",
                "over or a failover was refused or failed, 2 bad input (also: --ack-listen port in use, no webhook secret)."})
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

    @Option(names = "--ack-listen", paramLabel = "PORT", description = "While watching, serve PagerDuty's webhook on "
            + "127.0.0.1:PORT (0 takes a free one; the address is printed on stderr): an acknowledgement in PagerDuty "
            + "acknowledges the incident here and stops its escalation.")
    Integer ackListen;

    @Option(names = "--ack-secret-env", paramLabel = "NAME", description = "With --ack-listen: the environment variable "
            + "holding the webhook subscription's signing secret. Default: " + PagerDutyListenOptions.DEFAULT_SECRET_ENV + ".")
    String ackSecretEnv;

    @Option(names = "--ack-secret-file", paramLabel = "PATH", description = "With --ack-listen: read the signing secret "
            + "from this file instead.")
    Path ackSecretFile;

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
        String ackSecret = ackSecret();
        StderrProgress progress = new StderrProgress(System.err, false);
        var secrets = CliEnvironment.secrets();
        var stores = CliEnvironment.stores(secrets);
        FailoverTools tools = FailoverTools.from(plan, secrets, System.getenv(), progress, stores,
                FailoverLeases.Terms.of("dr watch" + (region == null ? "" : " --region " + region),
                        DurationOption.positive("--lease-ttl", leaseTtl).orElse(FailoverLeases.DEFAULT_TTL)));
        PrintWriter out = spec.commandLine().getOut();
        List<Watch.Outcome> outcomes = new ArrayList<>();
        WatchPaging paging = WatchPaging.start(plan, progress);
        PagerDutyListener acks = null;
        try {
            acks = ackSecret == null ? null : listenForAcks(paging, ackSecret, progress);
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
            if (acks != null) {
                acks.close(); // before the engine it answers with goes away
            }
            paging.close();
            tools.notifier().close();
        }
        return outcomes.stream().mapToInt(Watch.Outcome::exitCode).max().orElse(0);
    }

    /** The webhook's signing secret when --ack-listen is given (checked before anything is watched), else null. */
    private String ackSecret() {
        if (ackListen == null) {
            if (ackSecretEnv != null || ackSecretFile != null) {
                throw new InvalidRequestException((ackSecretFile != null ? "--ack-secret-file" : "--ack-secret-env")
                        + ": only used with --ack-listen PORT (the port to serve PagerDuty's webhook on); add --ack-listen"
                        + " or drop this option");
            }
            return null;
        }
        PagerDutyListenOptions.WATCH.port(ackListen);
        return PagerDutyListenOptions.WATCH.secret(ackSecretEnv, ackSecretFile);
    }

    /**
     * Serves acknowledgements with the engine the watch pages with (one engine: one view of the incident). Without
     * one there is nothing to acknowledge in, and the watch goes on: it is there to fail over.
     */
    private PagerDutyListener listenForAcks(WatchPaging paging, String secret, StderrProgress progress) {
        Optional<IncidentEngine> engine = paging.engine();
        if (engine.isEmpty()) {
            progress.info("--ack-listen " + ackListen + ": not serving PagerDuty's webhook either, as the incident bucket"
                    + " its acknowledgements go to could not be opened; watching without it");
            return null;
        }
        PagerDutyListener listener = PagerDutyListenOptions.WATCH.listen(ackListen, new PagerDutyWebhook(secret, engine.get()),
                progress::info);
        progress.info(PagerDutyListener.LISTENING + listener.uri());
        return listener;
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
