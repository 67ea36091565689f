package org.drjenkins.engine.failover.health;

/** One probe of the primary. Implementations are bounded by their own timeout and safe to call from any thread. */
public interface HealthCheck {

    /** Probes once. Never throws: refused, timed out or wrong answers are unhealthy results. */
    HealthResult check();

    /** One line naming the target and what counts as healthy; no password, token or query string. */
    String describe();
}
