package org.drjenkins.engine.notify;

import java.time.Duration;
import java.util.Optional;

/**
 * What happened to one webhook post, or one attempt of any {@link NoticeChannel}.
 *
 * @param name       the webhook's (channel's) name
 * @param ok         a 2xx answer arrived within the timeout (email: the server took the message)
 * @param status     the HTTP status (email: the SMTP reply code), -1 when no answer arrived, 0 when nothing was sent
 * @param detail     one line: the status and the start of the answer, or why nothing arrived; shows only scheme and host
 * @param took       from the start of the post to the answer (or to the give-up)
 * @param retryAfter how long the server asked to be left alone ({@code Retry-After} of a 429 or 503), {@code null}
 *                   when it did not say
 */
public record Delivery(String name, boolean ok, int status, String detail, Duration took, Duration retryAfter) {

    public Delivery(String name, boolean ok, int status, String detail, Duration took) {
        this(name, ok, status, detail, took, null);
    }

    /** The server's {@code Retry-After}, when it sent one. */
    public Optional<Duration> retryAfterHint() {
        return Optional.ofNullable(retryAfter);
    }
}
