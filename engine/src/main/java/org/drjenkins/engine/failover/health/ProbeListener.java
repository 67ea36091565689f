package org.drjenkins.engine.failover.health;

import java.time.Duration;
import java.util.function.Consumer;

/** Hears every probe the monitor makes, so the CLI and Jenkins can print progress while it waits. */
@FunctionalInterface
public interface ProbeListener {

    /**
     * @param check      the check that ran
     * @param result     its result
     * @param failingFor how long every check has been failing without a break; zero while any check succeeds
     * @param threshold  how long that must last to count as an outage
     */
    void probed(HealthCheck check, HealthResult result, Duration failingFor, Duration threshold);

    ProbeListener NONE = (check, result, failingFor, threshold) -> {
    };

    /** One line per probe, e.g. to {@code progress::info} or {@code System.err::println}. */
    static ProbeListener lines(Consumer<String> out) {
        return (check, result, failingFor, threshold) -> out.accept((result.healthy() ? "ok     " : "FAILED ") + result.detail() + " ("
                + result.took().toMillis() + " ms)" + (failingFor.isZero() ? "" : "; all checks failing for "
                + failingFor.toMillis() / 1000.0 + " s of " + threshold.toMillis() / 1000.0 + " s"));
    }
}
