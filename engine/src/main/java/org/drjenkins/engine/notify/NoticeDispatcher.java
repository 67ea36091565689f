package org.drjenkins.engine.notify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.drjenkins.engine.progress.Progress;

/**
 * The incident engine's {@link NoticeSink}: routes each notice to the channels that serve its audience and delivers it
 * behind the caller's back. Each channel has its own daemon thread and bounded queue, so one channel's notices arrive in
 * order (trigger before acknowledge before resolve) and a hung or failing channel delays only itself. Retryable
 * failures (no answer, 429, 5xx) are retried with exponential backoff, or after the server's {@code Retry-After}
 * (bounded by the policy's maximum wait), within the policy's deadline. {@link #send}
 * never blocks, never throws, never waits for a network: a full queue is recorded as a failed delivery instead.
 * Every outcome is kept ({@link #deliveries()}), told to listeners and, when it failed, to the progress log.
 */
public final class NoticeDispatcher implements NoticeSink, AutoCloseable {

    /** Notices waiting per channel; an incident sends a few dozen, so more means the channel is stuck. */
    public static final int QUEUE_CAPACITY = 256;
    /** One attempt's limit: a paging service that has not answered in 10 s is retried or left behind. */
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);

    private final List<Lane> lanes = new ArrayList<>();
    private final RetryPolicy retry;
    private final Progress progress;
    private final List<NoticeDelivery> deliveries = Collections.synchronizedList(new ArrayList<>());
    private final List<Consumer<NoticeDelivery>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final Object idle = new Object();
    private volatile boolean closed;

    private record Lane(NoticeChannel channel, ThreadPoolExecutor sender) {
    }

    public NoticeDispatcher(List<NoticeChannel> channels, RetryPolicy retry, Progress progress) {
        this.retry = retry;
        this.progress = progress;
        for (NoticeChannel channel : channels) {
            ThreadPoolExecutor sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY),
                    r -> {
                        Thread t = new Thread(r, "dr-notice " + channel.name());
                        t.setDaemon(true);
                        return t;
                    }, new ThreadPoolExecutor.AbortPolicy());
            lanes.add(new Lane(channel, sender));
        }
    }

    /**
     * The channels configured in dr.yaml, secrets read from {@code env}; a channel whose secret is missing is reported to
     * {@code progress} and left out (a missing pager key must not stop a failover).
     */
    public static NoticeDispatcher create(ChannelSettings settings, Map<String, String> env, Progress progress) {
        return new NoticeDispatcher(NoticeChannels.resolve(settings, env, DEFAULT_ATTEMPT_TIMEOUT, progress), RetryPolicy.DEFAULT, progress);
    }

    public List<NoticeChannel> channels() {
        return lanes.stream().map(Lane::channel).toList();
    }

    /** Queues the notice for every channel that serves it and returns at once. */
    @Override
    public void send(Notice notice) {
        for (Lane lane : lanes) {
            boolean serves;
            try {
                serves = lane.channel().serves(notice);
            } catch (RuntimeException e) {
                serves = false;
            }
            if (!serves) {
                continue;
            }
            pending.incrementAndGet();
            try {
                lane.sender().execute(() -> {
                    try {
                        record(deliver(lane.channel(), notice));
                    } finally {
                        done();
                    }
                });
            } catch (RejectedExecutionException e) {
                done();
                String why = closed ? "not sent: the dispatcher is closed" : "not sent: " + QUEUE_CAPACITY
                        + " notices already wait for this channel";
                record(new NoticeDelivery(notice.incidentId(), notice.action(), notice.audience(), notice.drill(), lane.channel().name(),
                        new Delivery(lane.channel().name(), false, -1, why, Duration.ZERO), 0));
            }
        }
    }

    private NoticeDelivery deliver(NoticeChannel channel, Notice notice) {
        long start = System.nanoTime();
        long deadline = start + retry.deadline().toNanos();
        int attempts = 0;
        Delivery last;
        while (true) {
            attempts++;
            last = attempt(channel, notice);
            if (last.ok() || !retryable(channel, last) || Thread.currentThread().isInterrupted()) {
                break;
            }
            Duration wait = retry.waitAfter(attempts, last);
            if (System.nanoTime() + wait.toNanos() >= deadline) {
                break;
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Delivery spanning = new Delivery(last.name(), last.ok(), last.status(), last.detail(), HttpPost.since(start));
        return new NoticeDelivery(notice.incidentId(), notice.action(), notice.audience(), notice.drill(), channel.name(), spanning, attempts);
    }

    private static Delivery attempt(NoticeChannel channel, Notice notice) {
        try {
            return channel.deliver(notice);
        } catch (RuntimeException e) {
            // A channel must not throw; if one does, its message may not be safe to show.
            return new Delivery(channel.name(), false, 0, "the channel failed: " + e.getClass().getSimpleName(), Duration.ZERO);
        }
    }

    private static boolean retryable(NoticeChannel channel, Delivery failed) {
        try {
            return channel.retryable(failed);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void record(NoticeDelivery delivery) {
        deliveries.add(delivery);
        if (!delivery.ok()) {
            progress.info("notice " + delivery.line());
        }
        for (Consumer<NoticeDelivery> listener : listeners) {
            try {
                listener.accept(delivery);
            } catch (RuntimeException e) {
                // A report's listener must not stop the deliveries.
            }
        }
    }

    private void done() {
        if (pending.decrementAndGet() == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    /** Told of every delivery as it settles (the communication drill measures from it). */
    public void addListener(Consumer<NoticeDelivery> listener) {
        listeners.add(listener);
    }

    /** Every delivery so far, in the order they settled. */
    public List<NoticeDelivery> deliveries() {
        synchronized (deliveries) {
            return List.copyOf(deliveries);
        }
    }

    /** Log lines for the deliveries so far; never a secret. */
    public List<String> log() {
        return deliveries().stream().map(NoticeDelivery::line).toList();
    }

    /** Waits at most {@code limit} for every queued notice to settle; true when they all did. For drills and reports. */
    public boolean awaitIdle(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (idle) {
            while (pending.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
        }
        return true;
    }

    /** Stops taking notices, lets the queues drain for at most {@code grace}, then gives up on the rest. */
    public void close(Duration grace) {
        closed = true;
        lanes.forEach(lane -> lane.sender().shutdown());
        long deadline = System.nanoTime() + grace.toNanos();
        for (Lane lane : lanes) {
            try {
                if (!lane.sender().awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    int dropped = lane.sender().shutdownNow().size();
                    progress.info("gave up on notice channel " + lane.channel().name() + ": still busy"
                            + (dropped > 0 ? ", " + dropped + " notice(s) not sent" : ""));
                }
            } catch (InterruptedException e) {
                lane.sender().shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@link #close(Duration)} with one attempt's timeout and a second: a hung channel must not keep a command alive. */
    @Override
    public void close() {
        close(DEFAULT_ATTEMPT_TIMEOUT.plusSeconds(1));
    }
}
