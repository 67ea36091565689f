package org.drjenkins.engine.drill;

import java.time.Instant;

/**
 * One phase of a drill: a test case in the JUnit report.
 *
 * @param name      e.g. {@code steady-state}, {@code fault}, {@code detection}, {@code backup database}
 * @param component the component or region it concerns
 * @param status    passed, failed, aborted or skipped
 * @param startedAt when it started
 * @param seconds   how long it took
 * @param detail    what it measured or why it failed, one line
 */
public record PhaseResult(String name, String component, PhaseStatus status, Instant startedAt, double seconds,
        String detail) {
}
