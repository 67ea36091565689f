package org.drjenkins.engine.incident;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.drjenkins.engine.config.IncidentEvent;
import org.drjenkins.engine.failover.health.HealthCheck;
import org.drjenkins.engine.failover.health.HealthResult;
import org.drjenkins.engine.failover.health.ProbeListener;
import org.drjenkins.engine.notify.RetryPolicy;

/**
 * Hears {@code dr watch}'s probes and pages at detection, not at failover: once every check of the primary has failed
 * for {@code incidents.detection} (the playbook's "connection timeout > 30 seconds"), it opens the critical
 * {@code primaryUnreachable} incident, minutes before the failover threshold. Between rounds it ticks the engine so
 * escalations and updates go out while the watch waits.
 *
 * <p>The engine runs on its own thread: the watch's probe loop hands work over and goes on, so a slow or unreachable
 * bucket or channel never delays detection or the failover.
 *
 * <p>A page that could not be opened (the bucket refused the incident, the engine failed) is tried again with backoff
 * ({@link #PAGE_RETRY}), each attempt handed to the engine's thread by a later probe once its wait is over, so the
 * retries cost the watch nothing and stop after the policy's deadline. Deliveries that fail once the incident exists
 * (PagerDuty answering 500 or 429) are the dispatcher's to retry, on the channel's own thread.
 */
public final class DetectionPager implements ProbeListener, AutoCloseable {

    /** Ticking on every probe would list the bucket several times a round; this often is enough for minute SLAs. */
    static final Duration TICK_EVERY = Duration.ofSeconds(10);
    /** Opening the incident again after a failure: 5 s, doubling to a minute, for half an hour (the outage's first). */
    public static final RetryPolicy PAGE_RETRY = new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMinutes(30));

    private final IncidentEngine engine;
    private final String region;
    private final Duration detection;
    private final Executor executor;
    private final ExecutorService owned;
    private final Clock clock;
    private final Consumer<String> log;
    private final RetryPolicy pageRetry;
    private final AtomicBoolean opened = new AtomicBoolean();
    private final AtomicBoolean paging = new AtomicBoolean();
    private final AtomicReference<String> incidentId = new AtomicReference<>();
    private volatile Instant lastTick = Instant.MIN;
    private volatile Instant firstPageAt;
    private volatile Instant retryPageAt;
    private volatile int pageAttempts;

    /** @param executor where the engine runs; {@code Runnable::run} in logic tests */
    public DetectionPager(IncidentEngine engine, String region, Duration detection, Executor executor, Clock clock, Consumer<String> log) {
        this(engine, region, detection, executor, clock, log, PAGE_RETRY, null);
    }

    /** @param pageRetry how often and how long a page that could not be opened is tried again */
    public DetectionPager(IncidentEngine engine, String region, Duration detection, Executor executor, Clock clock, Consumer<String> log,
            RetryPolicy pageRetry) {
        this(engine, region, detection, executor, clock, log, pageRetry, null);
    }

    /** The engine on a daemon thread of its own, real time. */
    public static DetectionPager background(IncidentEngine engine, String region, Duration detection, Consumer<String> log) {
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dr-incident-engine");
            t.setDaemon(true);
            return t;
        });
        return new DetectionPager(engine, region, detection, thread, Clock.systemUTC(), log, PAGE_RETRY, thread);
    }

    private DetectionPager(IncidentEngine engine, String region, Duration detection, Executor executor, Clock clock,
            Consumer<String> log, RetryPolicy pageRetry, ExecutorService owned) {
        this.pageRetry = pageRetry;
        this.engine = engine;
        this.region = region;
        this.detection = detection;
        this.executor = executor;
        this.owned = owned;
        this.clock = clock;
        this.log = log;
    }

    @Override
    public void probed(HealthCheck check, HealthResult result, Duration failingFor, Duration threshold) {
        if (!failingFor.isZero() && failingFor.compareTo(detection) >= 0 && opened.compareAndSet(false, true)) {
            firstPageAt = clock.instant();
            handOver(failingFor, threshold);
            lastTick = clock.instant();
            return;
        }
        Instant now = clock.instant();
        Instant retryAt = retryPageAt;
        if (retryAt != null && !now.isBefore(retryAt)) {
            retryPageAt = null;
            handOver(failingFor, threshold);
            return;
        }
        if (Duration.between(lastTick, now).compareTo(TICK_EVERY) >= 0) {
            lastTick = now;
            executor.execute(() -> safely("incident tick", engine::tick));
        }
    }

    /** One attempt at opening the incident, on the engine's thread; never two at once. */
    private void handOver(Duration failingFor, Duration threshold) {
        if (!paging.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    page(failingFor, threshold);
                } finally {
                    paging.set(false);
                }
            });
        } catch (RuntimeException e) {
            paging.set(false);
            failedPage(e);
        }
    }

    private void page(Duration failingFor, Duration threshold) {
        int attempt = ++pageAttempts;
        try {
            String description = "primary database " + region + " unreachable";
            IncidentRecord record = engine.open(IncidentRequest.of(IncidentEvent.PRIMARY_UNREACHABLE, description)
                    .subject(region).impact("Jenkins cannot reach its database; builds and the UI fail")
                    .facts(Map.of("region", region, "failingForSeconds", Long.toString(failingFor.toSeconds()),
                            "failoverThresholdSeconds", Long.toString(threshold.toSeconds()))));
            incidentId.set(record.id());
            log.accept("incident " + record.id() + " opened: every check of " + region + " failed for "
                    + failingFor.toSeconds() + " s (detection " + detection.toSeconds() + " s; failover after " + threshold.toSeconds() + " s)"
                    + (attempt > 1 ? " at attempt " + attempt : ""));
        } catch (RuntimeException e) {
            failedPage(e);
        }
    }

    /** Schedules the next attempt, when the policy's deadline allows one; the watch goes on either way. */
    private void failedPage(RuntimeException e) {
        int attempt = pageAttempts;
        Instant now = clock.instant();
        Duration wait = pageRetry.waitAfter(attempt);
        Instant next = now.plus(wait);
        if (firstPageAt != null && !next.isAfter(firstPageAt.plus(pageRetry.deadline()))) {
            retryPageAt = next;
            log.accept("page at detection failed at attempt " + attempt + " (the watch goes on; trying again in " + wait.toSeconds()
                    + " s): " + e.getMessage());
        } else {
            log.accept("page at detection failed at attempt " + attempt + "; giving up after " + pageRetry.deadline().toMinutes()
                    + " min (the watch goes on): " + e.getMessage());
        }
    }

    /** How many times opening the incident at detection was tried. */
    public int pageAttempts() {
        return pageAttempts;
    }

    /** The incident opened at detection, once the engine has stored it. */
    public Optional<String> incidentId() {
        return Optional.ofNullable(incidentId.get());
    }

    private void safely(String what, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            // The watch goes on whatever the bucket or a channel does: it is there to fail over, not to page.
            log.accept(what + " failed (the watch goes on): " + e.getMessage());
        }
    }

    /** Lets queued work finish for a moment, then leaves it: called when the watch ends. */
    @Override
    public void close() {
        if (owned != null) {
            owned.shutdown();
            try {
                owned.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
