package org.drjenkins.engine.failover.health;

import java.time.Duration;
import java.time.Instant;

/** Times one probe so every check reports {@code took} and {@code at} the same way. */
final class Probe {

    private final Instant at = Instant.now();
    private final long startNanos = System.nanoTime();

    HealthResult healthy(String detail) {
        return HealthResult.healthy(detail, took(), at);
    }

    HealthResult failed(String detail) {
        return HealthResult.failed(detail, took(), at);
    }

    private Duration took() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** "2 s" or "0.5 s": timeouts are usually round seconds, tests use fractions. */
    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** The first line of a cause's message, or its type when it has none (ConnectException often has none). */
    static String reason(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message.trim() : message.substring(0, newline).trim();
    }
}
