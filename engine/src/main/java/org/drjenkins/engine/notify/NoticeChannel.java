package org.drjenkins.engine.notify;

import java.util.Set;

/**
 * One way of reaching people (PagerDuty, Opsgenie, a chat webhook, email). {@link #deliver} makes one bounded attempt
 * and never throws: every failure comes back as a {@link Delivery} whose detail names no secret (routing keys, API
 * keys, passwords, webhook paths). Retries and the caller's non-blocking contract belong to {@link NoticeDispatcher}.
 */
public interface NoticeChannel {

    /** A label for logs and reports, e.g. {@code pagerduty} or {@code #incidents}. */
    String name();

    /** The audiences this channel is configured for. */
    Set<Audience> audiences();

    /** Whether this notice is for this channel; by default when its audience is one of {@link #audiences()}. */
    default boolean serves(Notice notice) {
        return audiences().contains(notice.audience());
    }

    /** One attempt, within the channel's own timeout. */
    Delivery deliver(Notice notice);

    /**
     * Whether trying again may help: no answer (status -1), 429 (throttled) and 5xx do; any other answer (400: the
     * request is wrong, 401/403: the key is) will be the same next time.
     */
    default boolean retryable(Delivery failed) {
        int status = failed.status();
        return status == -1 || status == 429 || status >= 500;
    }
}
