package org.drjenkins.engine.failover;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.failover.health.Detection;
import org.drjenkins.engine.failover.health.HealthCheck;
import org.drjenkins.engine.failover.health.HealthMonitor;
import org.drjenkins.engine.failover.health.HealthResult;
import org.drjenkins.engine.failover.health.ProbeListener;
import org.drjenkins.engine.progress.Progress;

/**
 * {@code dr watch}: probes the primary every interval; once every check has failed without a break for the threshold
 * (one success restarts the count, so a flapping primary is left alone), fails over to the first healthy region in
 * failover order, and returns.
 */
public final class Watch {

    private final FailoverService failover;
    private final FailoverTools tools;
    private final Duration interval;
    private final Duration threshold;
    private final Progress progress;
    /** Hears every probe besides the progress lines: the incident engine pages at detection through it. */
    private ProbeListener listener = ProbeListener.NONE;

    /** @param interval / threshold the plan's, or shorter ones a drill or test asks for */
    public Watch(FailoverService failover, FailoverTools tools, Duration interval, Duration threshold, Progress progress) {
        this.failover = failover;
        this.tools = tools;
        this.interval = interval;
        this.threshold = threshold;
        this.progress = progress;
    }

    /** Also tells {@code extra} of every probe (e.g. the incident engine's detection pager). */
    public Watch listening(ProbeListener extra) {
        this.listener = extra;
        return this;
    }

    /** What a watch saw and did. */
    public record Outcome(String primary, Optional<Detection> detection, Optional<String> target,
            Optional<FailoverResult> failover, List<String> skipped) {

        /** 0 when the primary stayed healthy or the failover completed; 1 when an outage found no way out. */
        public int exitCode() {
            if (detection.isEmpty()) {
                return 0;
            }
            return failover.map(FailoverResult::exitCode).orElse(1);
        }
    }

    /**
     * Watches until an outage or {@code maxWait}.
     *
     * @throws InterruptedException when the watching thread is interrupted (a cancelled build, Ctrl-C)
     */
    public Outcome run(Duration maxWait) throws InterruptedException {
        DrConfig config = failover.config();
        Region primary = PrimaryLocator.locate(config, tools.pgPassword(), Optional.empty());
        List<HealthCheck> checks = RegionChecks.of(primary, tools.pgPassword(), probeTimeout());
        progress.phase("watching " + primary.name() + ": " + checks.size() + " check(s) every " + Seconds.text(interval)
                + ", failover after " + Seconds.text(threshold) + " of failure");
        ProbeListener lines = ProbeListener.lines(progress::info);
        HealthMonitor monitor = new HealthMonitor(checks, interval, threshold, (check, result, failingFor, limit) -> {
            lines.probed(check, result, failingFor, limit);
            listener.probed(check, result, failingFor, limit);
        });
        Optional<Detection> detection = monitor.awaitSustainedFailure(maxWait);
        if (detection.isEmpty()) {
            progress.info(primary.name() + " stayed healthy for " + Seconds.text(maxWait));
            return new Outcome(primary.name(), detection, Optional.empty(), Optional.empty(), List.of());
        }
        progress.phase("outage of " + primary.name() + ": every check failed for " + Seconds.text(detection.get().failingFor())
                + "; choosing the first healthy region");
        List<String> skipped = new ArrayList<>();
        for (Region candidate : config.regions()) {
            if (candidate.name().equals(primary.name()) || candidate.database() == null) {
                continue;
            }
            List<HealthResult> results = RegionChecks.probe(RegionChecks.of(candidate, tools.pgPassword(), probeTimeout()));
            if (results.stream().allMatch(HealthResult::healthy)) {
                FailoverResult result = failover.run(FailoverRequest.to(candidate.name()).from(primary.name())
                        .detectedBy(detection.get()));
                return new Outcome(primary.name(), detection, Optional.of(candidate.name()), Optional.of(result), skipped);
            }
            String why = candidate.name() + ": " + String.join("; ", results.stream().filter(r -> !r.healthy())
                    .map(HealthResult::detail).toList());
            skipped.add(why);
            progress.info("not healthy, skipped: " + why);
        }
        progress.info("no healthy region to fail over to");
        return new Outcome(primary.name(), detection, Optional.empty(), Optional.empty(), skipped);
    }

    /** A probe must end before the next round is due, and get at least a second on a slow network. */
    private Duration probeTimeout() {
        Duration bounded = interval.compareTo(tools.limits().checkTimeout()) < 0 ? interval : tools.limits().checkTimeout();
        return bounded.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : bounded;
    }
}
