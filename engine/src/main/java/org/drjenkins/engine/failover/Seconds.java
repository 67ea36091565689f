package org.drjenkins.engine.failover;

import java.time.Duration;
import java.time.Instant;
import org.drjenkins.engine.config.Durations;

/** Durations as evidence shows them: seconds with millisecond precision in JSON, compact text for people. */
public final class Seconds {

    private Seconds() {
    }

    public static double of(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    public static double between(Instant from, Instant to) {
        return of(Duration.between(from, to));
    }

    public static String text(Duration duration) {
        return Durations.format(duration.isNegative() ? Duration.ZERO : duration);
    }

    public static String text(double seconds) {
        return text(Duration.ofMillis(Math.round(seconds * 1000)));
    }
}
