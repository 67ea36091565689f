package org.drjenkins.engine.failover;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
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
 * (one success restarts the count, so a flapping primary is left alone), fails over to the first healthy standby in
 * failover order. {@link #run} handles one outage and returns; {@link #watch} goes on watching the new primary.
 *
 * <p>Several watchers, one per region ({@link #as}), write what they see to the buckets; with {@code watch.quorum: N}
 * a watcher fails over only when N of them in different regions see the primary down for the threshold
 * ({@link WatchQuorum}), so a watcher cut off from a healthy primary by a partition does not act alone. Whichever of
 * the agreeing watchers takes the plan's failover lease first acts; the others are refused by it.
 */
public final class Watch {

    private final FailoverService failover;
    private final FailoverTools tools;
    private final Duration interval;
    private final Duration threshold;
    private final Progress progress;
    private final Optional<String> watcherRegion;
    private final WatchObservations observations;
    private final Clock clock;
    /** Hears every probe besides the progress lines: the incident engine pages at detection through it. */
    private ProbeListener listener = ProbeListener.NONE;

    /** @param interval / threshold the plan's, or shorter ones a drill or test asks for */
    public Watch(FailoverService failover, FailoverTools tools, Duration interval, Duration threshold, Progress progress) {
        this(failover, tools, interval, threshold, progress, Optional.empty(), WatchObservations.none(),
                Clock.systemUTC());
    }

    private Watch(FailoverService failover, FailoverTools tools, Duration interval, Duration threshold,
            Progress progress, Optional<String> watcherRegion, WatchObservations observations, Clock clock) {
        this.failover = failover;
        this.tools = tools;
        this.interval = interval;
        this.threshold = threshold;
        this.progress = progress;
        this.watcherRegion = watcherRegion;
        this.observations = observations;
        this.clock = clock;
    }

    /**
     * This watcher runs in {@code region} ({@code dr watch --region}) and shares what it sees through
     * {@code shared}: needed for a quorum of more than one.
     */
    public Watch as(String region, WatchObservations shared) {
        return new Watch(failover, tools, interval, threshold, progress, Optional.of(region), shared, clock)
                .listening(listener);
    }

    /** Also tells {@code extra} of every probe (e.g. the incident engine's detection pager). */
    public Watch listening(ProbeListener extra) {
        this.listener = extra;
        return this;
    }

    /** {@code lines} followed by the extra listener, so the pager hears each probe right after the log shows it. */
    private ProbeListener heardBy(ProbeListener lines) {
        ProbeListener extra = listener;
        return (check, result, failingFor, limit) -> {
            lines.probed(check, result, failingFor, limit);
            extra.probed(check, result, failingFor, limit);
        };
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
     * Keeps watching until {@code maxWait}: after each outage (failed over, refused or without a way out) it finds the
     * primary again, the new one after a failover, and watches it.
     *
     * @param eachOutage hears every outage as it is handled
     * @return every outage handled, in order, then how the last primary watched stayed healthy until the end
     */
    public List<Outcome> watch(Duration maxWait, Consumer<Outcome> eachOutage) throws InterruptedException {
        Instant giveUpAt = clock.instant().plus(maxWait);
        List<Outcome> outages = new ArrayList<>();
        while (true) {
            Duration left = Duration.between(clock.instant(), giveUpAt);
            if (left.isNegative() || left.isZero()) {
                return outages;
            }
            Outcome outcome;
            try {
                outcome = run(left);
            } catch (RuntimeException e) {
                // E.g. no writable primary while another watcher's failover is between fence and promote: look again.
                progress.info("cannot watch yet: " + FailoverService.oneLine(e) + "; looking again in "
                        + Seconds.text(interval));
                Thread.sleep(interval.toMillis());
                continue;
            }
            if (outcome.detection().isEmpty()) {
                outages.add(outcome);
                return outages;
            }
            outages.add(outcome);
            eachOutage.accept(outcome);
            if (outcome.failover().isEmpty()) {
                // No way out this time: give the standbys an interval before looking again.
                Thread.sleep(interval.toMillis());
            }
        }
    }

    /**
     * Watches until an outage or {@code maxWait}.
     *
     * @throws InterruptedException when the watching thread is interrupted (a cancelled build, Ctrl-C)
     */
    public Outcome run(Duration maxWait) throws InterruptedException {
        DrConfig config = failover.config();
        Instant giveUpAt = clock.instant().plus(maxWait);
        Region primary = writablePrimary(config);
        List<HealthCheck> checks = RegionChecks.of(primary, tools.pgPassword(), probeTimeout());
        int quorum = config.watch().quorum();
        progress.phase("watching " + primary.name() + watcherRegion.map(r -> " from " + r).orElse("") + ": "
                + checks.size() + " check(s) every " + Seconds.text(interval) + ", failover after "
                + Seconds.text(threshold) + " of failure" + (quorum > 1 ? " seen by " + quorum
                + " watchers in different regions" : ""));
        Observer observer = new Observer(primary.name(), checks.size(), heardBy(ProbeListener.lines(progress::info)));
        Optional<Detection> detection = new HealthMonitor(checks, interval, threshold, observer)
                .awaitSustainedFailure(maxWait);
        while (detection.isPresent() && !quorumReached(quorum, primary.name())) {
            // Seen here, not yet by enough others: keep probing, one round per interval, until they agree or the
            // primary answers again.
            Duration left = Duration.between(clock.instant(), giveUpAt);
            if (left.compareTo(interval) < 0) {
                detection = Optional.empty();
                break;
            }
            Thread.sleep(interval.toMillis());
            detection = new HealthMonitor(checks, interval, Duration.ZERO, observer).awaitSustainedFailure(interval)
                    .map(round -> observer.detection(round));
            if (detection.isEmpty()) {
                progress.info(primary.name() + " answers again: the outage is over before a quorum saw it");
                return run(Duration.between(clock.instant(), giveUpAt));
            }
        }
        if (detection.isEmpty()) {
            progress.info(primary.name() + " stayed healthy for " + Seconds.text(maxWait));
            return new Outcome(primary.name(), detection, Optional.empty(), Optional.empty(), List.of());
        }
        return failOver(config, primary, detection.get());
    }

    private Outcome failOver(DrConfig config, Region primary, Detection detection) {
        progress.phase("outage of " + primary.name() + ": every check failed for " + Seconds.text(detection.failingFor())
                + "; choosing the first healthy standby");
        List<String> skipped = new ArrayList<>();
        for (Region candidate : config.regions()) {
            if (candidate.name().equals(primary.name()) || candidate.database() == null) {
                continue;
            }
            Optional<String> notAStandby = notAStandby(candidate);
            if (notAStandby.isPresent()) {
                // E.g. the old primary of an earlier failover, fenced or still rejoining: never a target until it
                // follows the new primary again.
                skipped.add(candidate.name() + ": " + notAStandby.get());
                progress.info("not a standby, skipped: " + candidate.name() + ": " + notAStandby.get());
                continue;
            }
            List<HealthResult> results = RegionChecks.probe(RegionChecks.of(candidate, tools.pgPassword(), probeTimeout()));
            if (results.stream().allMatch(HealthResult::healthy)) {
                FailoverResult result = failover.run(FailoverRequest.to(candidate.name()).from(primary.name())
                        .detectedBy(detection));
                return new Outcome(primary.name(), Optional.of(detection), Optional.of(candidate.name()),
                        Optional.of(result), skipped);
            }
            String why = candidate.name() + ": " + String.join("; ", results.stream().filter(r -> !r.healthy())
                    .map(HealthResult::detail).toList());
            skipped.add(why);
            progress.info("not healthy, skipped: " + why);
        }
        progress.info("no healthy standby to fail over to");
        return new Outcome(primary.name(), Optional.of(detection), Optional.empty(), Optional.empty(), skipped);
    }

    /**
     * The region that takes writes: after a failover the new primary, not the fenced old one that still answers and
     * is not in recovery; when none does (all down), the one {@link PrimaryLocator} names.
     */
    private Region writablePrimary(DrConfig config) {
        for (Region region : config.regions()) {
            if (region.database() != null
                    && RegionDatabase.of(region, tools.pgPassword(), tools.limits()).acceptsWrites()) {
                return region;
            }
        }
        return PrimaryLocator.locate(config, tools.pgPassword(), Optional.empty());
    }

    private Optional<String> notAStandby(Region candidate) {
        RegionDatabase db = RegionDatabase.of(candidate, tools.pgPassword(), tools.limits());
        try {
            return db.inRecovery() ? Optional.empty() : Optional.of(db.describe() + " is not in recovery");
        } catch (java.sql.SQLException e) {
            return Optional.of(db.describe() + " does not answer: " + FailoverService.oneLine(e));
        }
    }

    private boolean quorumReached(int quorum, String primary) {
        if (quorum <= 1) {
            return true;
        }
        WatchQuorum rule = new WatchQuorum(quorum, threshold, interval);
        List<WatchObservation> agreeing = rule.agreeing(observations.read(), primary, clock.instant());
        boolean reached = rule.reached(agreeing, primary, clock.instant());
        progress.info((reached ? "quorum reached: " : "no quorum yet: ") + agreeing.size() + " of " + quorum
                + " watchers in different regions see " + primary + " down for " + Seconds.text(threshold)
                + (agreeing.isEmpty() ? "" : " (" + String.join(", ", agreeing.stream().map(WatchObservation::watcher)
                        .toList()) + ")"));
        return reached;
    }

    /**
     * Hears every probe; at the end of each round records whether the primary was down and since when, and writes it
     * for the other watchers. Its count of the outage outlives the monitors of {@link #run}'s quorum wait.
     */
    private final class Observer implements ProbeListener {
        private final String observed;
        private final int checksPerRound;
        private final ProbeListener lines;
        private int heard;
        private boolean anyHealthy;
        private Instant roundStart;
        private boolean down;
        private Instant since;
        private int downRounds;

        Observer(String observed, int checksPerRound, ProbeListener lines) {
            this.observed = observed;
            this.checksPerRound = checksPerRound;
            this.lines = lines;
        }

        @Override
        public synchronized void probed(HealthCheck check, HealthResult result, Duration failingFor, Duration limit) {
            lines.probed(check, result, failingFor, limit);
            anyHealthy |= result.healthy();
            roundStart = roundStart == null || result.at().isBefore(roundStart) ? result.at() : roundStart;
            if (++heard < checksPerRound) {
                return;
            }
            Instant now = clock.instant();
            boolean roundDown = !anyHealthy;
            if (roundDown != down || since == null) {
                // From the round's first probe, as the monitor counts the threshold.
                since = roundStart;
            }
            roundStart = null;
            down = roundDown;
            downRounds = down ? downRounds + 1 : 0;
            heard = 0;
            anyHealthy = false;
            watcherRegion.ifPresent(watcher -> observations.publish(new WatchObservation(watcher, observed, down, since,
                    now)));
        }

        /** The whole outage as this watcher saw it, ending at {@code round}. */
        synchronized Detection detection(Detection round) {
            return new Detection(since, round.detectedAt(), downRounds, round.lastResults());
        }
    }

    /** A probe must end before the next round is due, and get at least a second on a slow network. */
    private Duration probeTimeout() {
        Duration bounded = interval.compareTo(tools.limits().checkTimeout()) < 0 ? interval : tools.limits().checkTimeout();
        return bounded.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : bounded;
    }
}
