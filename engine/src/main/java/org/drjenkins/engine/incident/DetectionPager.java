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

/**
 * Hears {@code dr watch}'s probes and pages at detection, not at failover: once every check of the primary has failed
 * for {@code incidents.detection} (the playbook's "connection timeout > 30 seconds"), it opens the critical
 * {@code primaryUnreachable} incident, minutes before the failover threshold. Between rounds it ticks the engine so
 * escalations and updates go out while the watch waits.
 *
 * <p>The engine runs on its own thread: the watch's probe loop hands work over and goes on, so a slow or unreachable
 * bucket or channel never delays detection or the failover.
 */
public final class DetectionPager implements ProbeListener, AutoCloseable {

    /** Ticking on every probe would list the bucket several times a round; this often is enough for minute SLAs. */
    static final Duration TICK_EVERY = Duration.ofSeconds(10);

    private final IncidentEngine engine;
    private final String region;
    private final Duration detection;
    private final Executor executor;
    private final ExecutorService owned;
    private final Clock clock;
    private final Consumer<String> log;
    private final AtomicBoolean opened = new AtomicBoolean();
    private final AtomicReference<String> incidentId = new AtomicReference<>();
    private volatile Instant lastTick = Instant.MIN;

    /** @param executor where the engine runs; {@code Runnable::run} in logic tests */
    public DetectionPager(IncidentEngine engine, String region, Duration detection, Executor executor, Clock clock, Consumer<String> log) {
        this(engine, region, detection, executor, clock, log, null);
    }

    /** The engine on a daemon thread of its own, real time. */
    public static DetectionPager background(IncidentEngine engine, String region, Duration detection, Consumer<String> log) {
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dr-incident-engine");
            t.setDaemon(true);
            return t;
        });
        return new DetectionPager(engine, region, detection, thread, Clock.systemUTC(), log, thread);
    }

    private DetectionPager(IncidentEngine engine, String region, Duration detection, Executor executor, Clock clock,
            Consumer<String> log, ExecutorService owned) {
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
            String description = "primary database " + region + " unreachable";
            executor.execute(() -> safely("page at detection", () -> {
                IncidentRecord record = engine.open(IncidentRequest.of(IncidentEvent.PRIMARY_UNREACHABLE, description)
                        .subject(region).impact("Jenkins cannot reach its database; builds and the UI fail")
                        .facts(Map.of("region", region, "failingForSeconds", Long.toString(failingFor.toSeconds()),
                                "failoverThresholdSeconds", Long.toString(threshold.toSeconds()))));
                incidentId.set(record.id());
                log.accept("incident " + record.id() + " opened: every check of " + region + " failed for "
                        + failingFor.toSeconds() + " s (detection " + detection.toSeconds() + " s; failover after " + threshold.toSeconds() + " s)");
            }));
            lastTick = clock.instant();
            return;
        }
        Instant now = clock.instant();
        if (Duration.between(lastTick, now).compareTo(TICK_EVERY) >= 0) {
            lastTick = now;
            executor.execute(() -> safely("incident tick", engine::tick));
        }
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
