package org.drjenkins.engine.incident;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Notifications;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreProvider;

/**
 * Where an operation (a backup, a verification, a compliance run, a drill, a failover) hands its outcome to the incident
 * engine without ever waiting for it or failing because of it: the work runs on a thread of its own, in order, and
 * every error is logged, never thrown. The engine is built there too (opening the primary region's bucket may be
 * slow, or be exactly what failed), and {@link #close} waits a bounded time for what is queued.
 *
 * <p>Only a plan with somewhere to send notices has incidents: without webhooks, a pager or email ({@link
 * #configured}), {@link #forPlan} returns {@link #none()}, which does nothing at all — the plan behaves as before.
 */
public final class IncidentTriggers implements AutoCloseable {

    /** How long {@link #close} waits for queued incident work, on top of the channels' own grace for their notices. */
    public static final Duration CLOSE_WAIT = Duration.ofSeconds(15);

    /** What the engine side needs, built on the worker thread on first use. */
    private interface EngineFactory {
        IncidentEngine open();
    }

    private final EngineFactory factory;
    private final Runnable closer;
    private final Consumer<String> log;
    private final ExecutorService worker;
    private final Duration closeWait;
    private IncidentEngine engine;
    private boolean engineFailed;

    private IncidentTriggers(EngineFactory factory, Runnable closer, Consumer<String> log, Duration closeWait) {
        this.factory = factory;
        this.closer = closer;
        this.log = log;
        this.closeWait = closeWait;
        this.worker = factory == null ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dr-incident-triggers");
            t.setDaemon(true);
            return t;
        });
    }

    /** Nothing is configured to hear incidents: every call does nothing. */
    public static IncidentTriggers none() {
        return new IncidentTriggers(null, () -> { }, m -> { }, Duration.ZERO);
    }

    /** Whether the plan has somewhere to send incident notices: a webhook, a pager or email. */
    public static boolean configured(Notifications notifications) {
        return !notifications.webhooks().isEmpty() || ConfiguredNotices.routedByAudience(notifications);
    }

    /**
     * The plan's incident engine over the primary region's bucket and the plan's channels, or {@link #none()} when
     * the plan configures no channel.
     *
     * @param env where webhook URLs and routing keys are read from (by the names the plan gives)
     */
    public static IncidentTriggers forPlan(DrConfig plan, StoreProvider stores, Map<String, String> env, Progress progress) {
        if (!configured(plan.notifications())) {
            return none();
        }
        ObjectStore[] bucket = new ObjectStore[1];
        ConfiguredNotices[] notices = new ConfiguredNotices[1];
        EngineFactory factory = () -> {
            bucket[0] = stores.open(plan.primary());
            notices[0] = ConfiguredNotices.forPlan(plan.notifications(), env, progress);
            return IncidentEngine.from(plan, new IncidentStore(bucket[0]), notices[0], Clock.systemUTC());
        };
        Runnable closer = () -> {
            try {
                if (notices[0] != null) {
                    notices[0].close();
                }
            } finally {
                if (bucket[0] != null) {
                    bucket[0].close();
                }
            }
        };
        return new IncidentTriggers(factory, closer, progress::info, CLOSE_WAIT);
    }

    /** Over a given engine (embedding, tests); {@code closer} runs at {@link #close}. */
    public static IncidentTriggers over(IncidentEngine engine, Runnable closer, Consumer<String> log, Duration closeWait) {
        return new IncidentTriggers(() -> engine, closer, log, closeWait);
    }

    public boolean enabled() {
        return worker != null;
    }

    /**
     * Queues {@code work} for the engine and returns at once. A failure (the bucket unreachable, a bad record) is
     * logged as {@code what} and dropped: the operation that reported the event has its own outcome to get on with.
     */
    public void submit(String what, Consumer<IncidentEngine> work) {
        if (worker == null) {
            return;
        }
        try {
            worker.execute(() -> {
                try {
                    IncidentEngine e = engine();
                    if (e != null) {
                        work.accept(e);
                    }
                } catch (RuntimeException e) {
                    log.accept("incident for " + what + " not recorded (the operation's own outcome stands): " + e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            log.accept("incident for " + what + " not recorded: the incident side is closed");
        }
    }

    private IncidentEngine engine() {
        if (engine == null && !engineFailed) {
            try {
                engine = factory.open();
            } catch (RuntimeException e) {
                engineFailed = true;
                log.accept("incidents are off for this run: " + e.getMessage());
            }
        }
        return engine;
    }

    /** Waits up to the close wait for the queued work, then lets the channels send what they hold (bounded too). */
    @Override
    public void close() {
        if (worker != null) {
            worker.shutdown();
            try {
                if (!worker.awaitTermination(closeWait.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.accept("incident work still running after " + closeWait.toSeconds() + " s: left behind");
                    worker.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                worker.shutdownNow();
            }
        }
        try {
            closer.run();
        } catch (RuntimeException e) {
            log.accept("closing the incident channels failed: " + e.getMessage());
        }
    }
}
