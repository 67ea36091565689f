package org.drjenkins.engine.drill;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.drjenkins.engine.failover.Seconds;
import org.drjenkins.engine.progress.Progress;

/**
 * Runs drill phases one after the other, each within its time budget and the drill's overall one. A phase that runs
 * out of time is interrupted and waited for (bounded), so that the rollback that follows never races it; it counts as
 * ABORTED. After a phase that did not pass, the remaining ones are SKIPPED, except those run with {@link #always} and,
 * unless a phase was aborted, those run with {@link #runIndependently}.
 */
final class PhaseRunner {

    /** How long an interrupted phase may take to stop before the rollback starts anyway. */
    static final Duration STOP_GRACE = Duration.ofSeconds(90);

    @FunctionalInterface
    interface Body {
        /** Does the phase; returns its one-line detail, or throws {@link PhaseFailedException} with why it failed. */
        String run() throws Exception;
    }

    private final Clock clock;
    private final Progress progress;
    private final Instant deadline;
    private final Duration overall;
    private final Duration perPhase;
    private final List<PhaseResult> results = new ArrayList<>();

    PhaseRunner(Clock clock, Progress progress, Duration overall, Duration perPhase) {
        this.clock = clock;
        this.progress = progress;
        this.overall = overall;
        this.perPhase = perPhase;
        this.deadline = clock.instant().plus(overall);
    }

    /** Runs the phase within its budget unless an earlier one did not pass. @return whether it passed */
    boolean run(String name, String component, Body body) {
        if (stopped()) {
            results.add(new PhaseResult(name, component, PhaseStatus.SKIPPED, clock.instant(), 0,
                    "not run: an earlier phase did not pass"));
            return false;
        }
        return runWithinBudget(name, component, body);
    }

    /**
     * Runs a phase that does not depend on the ones before it (another component's backup): an earlier FAILED phase
     * does not skip it, only an ABORTED one does, because an aborted phase may still be running. @return whether it
     * passed
     */
    boolean runIndependently(String name, String component, Body body) {
        if (aborted()) {
            results.add(new PhaseResult(name, component, PhaseStatus.SKIPPED, clock.instant(), 0,
                    "not run: an earlier phase was aborted"));
            return false;
        }
        return runWithinBudget(name, component, body);
    }

    /** Adds a phase that was not run because of what happened earlier, with why. */
    void skip(String name, String component, String why) {
        results.add(new PhaseResult(name, component, PhaseStatus.SKIPPED, clock.instant(), 0, "not run: " + why));
    }

    private boolean runWithinBudget(String name, String component, Body body) {
        Duration left = Duration.between(clock.instant(), deadline);
        Duration limit = left.compareTo(perPhase) < 0 ? left : perPhase;
        if (limit.isNegative() || limit.isZero()) {
            results.add(new PhaseResult(name, component, PhaseStatus.ABORTED, clock.instant(), 0,
                    "not started: the drill's time budget of " + Seconds.text(overall) + " is used up"));
            return false;
        }
        String why = left.compareTo(perPhase) < 0 ? "the drill's time budget of " + Seconds.text(overall)
                : "its time budget of " + Seconds.text(perPhase);
        return execute(name, component, body, limit, why).status() == PhaseStatus.PASSED;
    }

    /** Runs the phase whatever happened before and without a budget: the rollback. */
    PhaseResult always(String name, String component, Body body) {
        return execute(name, component, body, null, null);
    }

    private PhaseResult execute(String name, String component, Body body, Duration limit, String limitText) {
        progress.phase(name + (component == null ? "" : " (" + component + ")"));
        Instant at = clock.instant();
        long start = System.nanoTime();
        AtomicReference<String> detail = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                detail.set(body.run());
            } catch (Throwable e) {
                error.set(e);
            }
        }, "dr-drill-phase " + name);
        worker.setDaemon(true);
        worker.start();
        PhaseResult result;
        try {
            worker.join(limit == null ? 0 : Math.max(1, limit.toMillis()));
            if (worker.isAlive()) {
                worker.interrupt();
                worker.join(STOP_GRACE.toMillis());
                result = new PhaseResult(name, component, PhaseStatus.ABORTED, at, seconds(start), "aborted after "
                        + Seconds.text(limit) + ": the phase took longer than " + limitText
                        + (worker.isAlive() ? " (and did not stop within " + Seconds.text(STOP_GRACE) + ")" : ""));
            } else {
                result = outcome(name, component, at, start, detail.get(), error.get());
            }
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            result = new PhaseResult(name, component, PhaseStatus.ABORTED, at, seconds(start), "aborted: interrupted");
        }
        results.add(result);
        progress.info(result.status() + ": " + result.detail());
        return result;
    }

    private static PhaseResult outcome(String name, String component, Instant at, long start, String detail, Throwable e) {
        if (e == null) {
            return new PhaseResult(name, component, PhaseStatus.PASSED, at, seconds(start), detail == null ? "" : detail);
        }
        if (e instanceof InterruptedException) {
            return new PhaseResult(name, component, PhaseStatus.ABORTED, at, seconds(start), "aborted: interrupted");
        }
        String message = e instanceof PhaseFailedException ? e.getMessage() : oneLine(e);
        return new PhaseResult(name, component, PhaseStatus.FAILED, at, seconds(start), message);
    }

    /** Adds a result measured elsewhere (each webhook of the communication drill). */
    void record(PhaseResult result) {
        results.add(result);
        progress.info(result.name() + ": " + result.status() + ": " + result.detail());
    }

    boolean stopped() {
        return results.stream().anyMatch(r -> r.status() != PhaseStatus.PASSED && r.status() != PhaseStatus.SKIPPED);
    }

    boolean aborted() {
        return results.stream().anyMatch(r -> r.status() == PhaseStatus.ABORTED);
    }

    List<PhaseResult> results() {
        return List.copyOf(results);
    }

    Duration overall() {
        return overall;
    }

    private static double seconds(long start) {
        return Seconds.of(Duration.ofNanos(System.nanoTime() - start));
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
