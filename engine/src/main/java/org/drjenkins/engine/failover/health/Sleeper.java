package org.drjenkins.engine.failover.health;

import java.time.Duration;

/** How the monitor waits between rounds: real sleep in production, a clock jump in logic tests. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
}
