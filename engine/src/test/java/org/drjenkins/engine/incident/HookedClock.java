package org.drjenkins.engine.incident;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fixed clock that runs a hook the next time it is read once armed: the engine reads the time inside a change, after
 * loading the record and before storing it, so the hook lets another writer act exactly in that gap.
 */
final class HookedClock extends Clock {

    private volatile Instant now;
    private final AtomicReference<Runnable> armed = new AtomicReference<>();

    HookedClock(Instant now) {
        this.now = now;
    }

    void set(Instant at) {
        now = at;
    }

    void onNextRead(Runnable hook) {
        armed.set(hook);
    }

    @Override
    public Instant instant() {
        Runnable hook = armed.getAndSet(null);
        if (hook != null) {
            hook.run();
        }
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
