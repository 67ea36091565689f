package org.drjenkins.engine.failover.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Probes every check each interval (in parallel, so one slow check does not delay the others) and reports an outage
 * only when all checks have failed continuously for the threshold. A single success of any check restarts the count,
 * so a flapping primary does not trigger a failover.
 */
public final class HealthMonitor {

    private final List<HealthCheck> checks;
    private final Duration interval;
    private final Duration threshold;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ProbeListener listener;

    public HealthMonitor(List<HealthCheck> checks, Duration interval, Duration threshold, Clock clock, Sleeper sleeper,
            ProbeListener listener) {
        if (checks.isEmpty()) {
            throw new IllegalArgumentException("a health monitor needs at least one check");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("health check interval must be positive, got " + interval);
        }
        if (threshold.isNegative()) {
            throw new IllegalArgumentException("failover threshold must not be negative, got " + threshold);
        }
        this.checks = List.copyOf(checks);
        this.interval = interval;
        this.threshold = threshold;
        this.clock = clock;
        this.sleeper = sleeper;
        this.listener = listener;
    }

    /** Real time and real sleep. */
    public HealthMonitor(List<HealthCheck> checks, Duration interval, Duration threshold, ProbeListener listener) {
        this(checks, interval, threshold, Clock.systemUTC(), Sleeper.SYSTEM, listener);
    }

    /**
     * Probes until every check has failed without a break for the threshold, or until {@code maxWait} has passed.
     *
     * @return the detection, or empty when the service stayed (or became) healthy within {@code maxWait}
     * @throws InterruptedException when the waiting thread is interrupted (a cancelled watch or build)
     */
    public Optional<Detection> awaitSustainedFailure(Duration maxWait) throws InterruptedException {
        Instant giveUpAt = clock.instant().plus(maxWait);
        ExecutorService pool = Executors.newFixedThreadPool(checks.size(), r -> {
            Thread t = new Thread(r, "dr-health-monitor");
            t.setDaemon(true);
            return t;
        });
        try {
            Instant runStart = null;
            int consecutive = 0;
            while (true) {
                Instant roundAt = clock.instant();
                List<HealthResult> results = probeAll(pool);
                boolean allFailed = results.stream().noneMatch(HealthResult::healthy);
                if (allFailed) {
                    runStart = runStart == null ? roundAt : runStart;
                    consecutive++;
                } else {
                    runStart = null;
                    consecutive = 0;
                }
                Duration failingFor = runStart == null ? Duration.ZERO : Duration.between(runStart, roundAt);
                for (int i = 0; i < checks.size(); i++) {
                    listener.probed(checks.get(i), results.get(i), failingFor, threshold);
                }
                if (runStart != null && failingFor.compareTo(threshold) >= 0) {
                    return Optional.of(new Detection(runStart, roundAt, consecutive, results));
                }
                Instant next = roundAt.plus(interval);
                if (next.isAfter(giveUpAt)) {
                    return Optional.empty();
                }
                Duration wait = Duration.between(clock.instant(), next);
                if (!wait.isNegative() && !wait.isZero()) {
                    sleeper.sleep(wait);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private List<HealthResult> probeAll(ExecutorService pool) throws InterruptedException {
        List<CompletableFuture<HealthResult>> running = new ArrayList<>();
        for (HealthCheck check : checks) {
            running.add(CompletableFuture.supplyAsync(() -> safely(check), pool));
        }
        List<HealthResult> results = new ArrayList<>();
        for (CompletableFuture<HealthResult> r : running) {
            try {
                results.add(r.get());
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("unreachable: safely() catches everything", e);
            }
        }
        return results;
    }

    /** A check that breaks its contract and throws still counts as a failed probe, not as the end of monitoring. */
    private static HealthResult safely(HealthCheck check) {
        Instant at = Instant.now();
        long start = System.nanoTime();
        try {
            return check.check();
        } catch (RuntimeException e) {
            return HealthResult.failed(check.describe() + ": check failed with " + e.getClass().getSimpleName() + ": " + Probe.reason(e),
                    Duration.ofNanos(System.nanoTime() - start), at);
        }
    }

    public List<HealthCheck> checks() {
        return checks;
    }

    public Duration interval() {
        return interval;
    }

    public Duration threshold() {
        return threshold;
    }
}
