package org.drjenkins.engine.failover;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.drjenkins.engine.config.Notifications;
import org.drjenkins.engine.config.WebhookTarget;
import org.drjenkins.engine.notify.Delivery;
import org.drjenkins.engine.notify.IncidentMessage;
import org.drjenkins.engine.notify.Webhook;
import org.drjenkins.engine.notify.WebhookNotifier;
import org.drjenkins.engine.progress.Progress;

/**
 * Posts incident notices without ever holding up a failover: {@link #post} queues the notice and returns at once. Each
 * webhook has its own sending thread, so its notices arrive in order (start, each status change, end) and a hung
 * webhook delays only itself. {@link #close()} gives the queues a bounded time, then gives up. Every delivery, good or
 * bad, is logged and kept for the evidence.
 */
public final class IncidentNotifier implements AutoCloseable {

    private final List<Lane> lanes = new ArrayList<>();
    private final List<Webhook> webhooks;
    private final String service;
    private final Progress progress;
    private final Duration timeout;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final List<Delivery> deliveries = Collections.synchronizedList(new ArrayList<>());

    /** One webhook and the thread that posts to it. */
    private record Lane(Webhook webhook, WebhookNotifier notifier, ExecutorService sender) {
    }

    /** @param timeout per post: a webhook that has not answered by then is reported as failed */
    public IncidentNotifier(List<Webhook> webhooks, String service, Duration timeout, Progress progress) {
        this.webhooks = List.copyOf(webhooks);
        this.service = service;
        this.timeout = timeout;
        this.progress = progress;
        for (Webhook webhook : webhooks) {
            lanes.add(new Lane(webhook, new WebhookNotifier(List.of(webhook), timeout),
                    Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "dr-incident-notifier " + webhook.name());
                        t.setDaemon(true);
                        return t;
                    })));
        }
    }

    /** No webhooks: notices are only logged. */
    public static IncidentNotifier none(Progress progress) {
        return new IncidentNotifier(List.of(), Notifications.DEFAULT_SERVICE, WebhookNotifier.DEFAULT_TIMEOUT, progress);
    }

    /**
     * The configured webhooks, URLs from the file or from the environment variable each names. A webhook whose variable
     * is not set is reported and left out: a missing chat hook must not stop a failover.
     */
    public static IncidentNotifier fromConfig(Notifications notifications, Map<String, String> env, Progress progress) {
        return fromConfig(notifications, env, WebhookNotifier.DEFAULT_TIMEOUT, progress);
    }

    public static IncidentNotifier fromConfig(Notifications notifications, Map<String, String> env, Duration timeout,
            Progress progress) {
        return new IncidentNotifier(resolve(notifications, env, progress), notifications.service(), timeout, progress);
    }

    /** The webhooks whose URL is known; the others reported to {@code progress}. */
    public static List<Webhook> resolve(Notifications notifications, Map<String, String> env, Progress progress) {
        List<Webhook> webhooks = new ArrayList<>();
        for (WebhookTarget target : notifications.webhooks()) {
            URI url = target.url();
            if (url == null) {
                String value = env.get(target.urlEnv());
                if (value == null || value.isBlank()) {
                    progress.info("webhook " + target.name() + ": environment variable " + target.urlEnv()
                            + " is not set; its notices are skipped");
                    continue;
                }
                try {
                    url = URI.create(value.strip());
                } catch (IllegalArgumentException e) {
                    progress.info("webhook " + target.name() + ": " + target.urlEnv() + " is not a URL; its notices are skipped");
                    continue;
                }
            }
            try {
                webhooks.add(new Webhook(url, target.format(), target.name()));
            } catch (IllegalArgumentException e) {
                progress.info("webhook " + target.name() + ": " + e.getMessage() + "; its notices are skipped");
            }
        }
        return webhooks;
    }

    public String service() {
        return service;
    }

    public List<Webhook> webhooks() {
        return webhooks;
    }

    /** Queues the notice for every webhook and returns at once. */
    public void post(IncidentMessage message) {
        progress.info("incident notice: " + message.title() + " [" + message.status() + "]");
        for (Lane lane : lanes) {
            try {
                lane.sender().execute(() -> record(message, lane.notifier().post(message)));
            } catch (RejectedExecutionException e) {
                log.add(message.status() + " to " + lane.webhook().name() + ": not sent (notifier closed)");
            }
        }
    }

    /** Posts to every webhook now and returns the deliveries (the communication drill checks each answers). */
    public List<Delivery> postAndWait(IncidentMessage message) {
        List<Delivery> result = new WebhookNotifier(webhooks, timeout).post(message);
        record(message, result);
        return result;
    }

    private void record(IncidentMessage message, List<Delivery> result) {
        for (Delivery delivery : result) {
            deliveries.add(delivery);
            String line = message.status() + " to " + delivery.name() + ": " + (delivery.ok() ? "delivered" : "FAILED")
                    + " (" + delivery.detail() + ", " + delivery.took().toMillis() + " ms)";
            log.add(line);
            if (!delivery.ok()) {
                progress.info("incident notice " + line);
            }
        }
    }

    /** One line per delivery so far; never a webhook URL beyond scheme and host. */
    public List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    public List<Delivery> deliveries() {
        synchronized (deliveries) {
            return List.copyOf(deliveries);
        }
    }

    /**
     * Lets every webhook's queue drain for at most one post timeout (plus a second) in all, then gives up on what is
     * left: a hung webhook must not keep the command from ending.
     */
    @Override
    public void close() {
        lanes.forEach(lane -> lane.sender().shutdown());
        long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
        for (Lane lane : lanes) {
            try {
                if (!lane.sender().awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    int dropped = lane.sender().shutdownNow().size();
                    log.add("gave up on webhook " + lane.webhook().name() + ": still no answer"
                            + (dropped > 0 ? ", " + dropped + " notice(s) not sent" : ""));
                }
            } catch (InterruptedException e) {
                lane.sender().shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
