package org.drjenkins.engine.notify;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a notice keeps being retried: after a failed attempt that may succeed later (no answer, 429, 5xx) wait
 * {@code firstWait}, then twice that each time up to {@code maxWait}, and give up once {@code deadline} from the first
 * attempt has passed (or the next wait would end after it).
 */
public record RetryPolicy(Duration firstWait, Duration maxWait, Duration deadline) {

    /** PagerDuty advises retrying throttled and failed events with backoff; two minutes covers a short outage. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(2));
    public static final RetryPolicy NONE = new RetryPolicy(Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        Objects.requireNonNull(firstWait, "firstWait");
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(deadline, "deadline");
        if (firstWait.isNegative() || maxWait.isNegative() || deadline.isNegative()) {
            throw new IllegalArgumentException("retry waits and deadline must not be negative");
        }
    }

    /** The wait before attempt {@code attempt + 1} (attempts count from 1). */
    public Duration waitAfter(int attempt) {
        Duration wait = firstWait;
        for (int i = 1; i < attempt && wait.compareTo(maxWait) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxWait) > 0 ? maxWait : wait;
    }

    /**
     * The wait before attempt {@code attempt + 1} after a failed delivery: the server's {@code Retry-After} when it
     * sent one, bounded by {@code maxWait}, else the backoff of {@link #waitAfter(int)}.
     */
    public Duration waitAfter(int attempt, Delivery failed) {
        return failed.retryAfterHint().map(asked -> asked.compareTo(maxWait) > 0 ? maxWait : asked).orElseGet(() -> waitAfter(attempt));
    }
}
