package org.drjenkins.engine.notify;

/**
 * Where the incident engine sends notices. {@link #send} returns at once: delivery (retries, backoff, timeouts) happens
 * behind it, so paging never blocks or delays a failover.
 */
@FunctionalInterface
public interface NoticeSink {

    void send(Notice notice);
}
