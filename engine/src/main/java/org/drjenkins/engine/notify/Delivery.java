package org.drjenkins.engine.notify;

import java.time.Duration;

/**
 * What happened to one webhook post.
 *
 * @param name   the webhook's name
 * @param ok     a 2xx answer arrived within the timeout
 * @param status the HTTP status, or -1 when no answer arrived
 * @param detail one line: the status and the start of the answer, or why nothing arrived; shows only scheme and host
 * @param took   from the start of the post to the answer (or to the give-up)
 */
public record Delivery(String name, boolean ok, int status, String detail, Duration took) {
}
