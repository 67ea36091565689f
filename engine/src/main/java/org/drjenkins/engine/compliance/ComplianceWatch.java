package org.drjenkins.engine.compliance;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code dr compliance --watch}: evaluates the plan again every interval and reports each change of a component's
 * verdict — a nightly backup's component turning VIOLATED in the afternoon, STALE or COMPLIANT again — so the change
 * can be notified as it happens rather than found by the next person who looks. The first round is the baseline: its
 * verdicts are reported as changes from nothing. A round the store cannot answer is reported and the watch goes on.
 */
public final class ComplianceWatch {

    /** A component whose verdict changed; {@code from} is null in the first round. */
    public record Change(String component, Verdict from, Verdict to, ComponentCompliance now) {
    }

    /** What the watch tells its caller; each call returns quickly (a notifier queues, it does not wait). */
    public interface Listener {
        void evaluated(ComplianceReport report);

        void changed(Change change);

        void failed(RuntimeException e);
    }

    /** Waits between rounds; {@code Thread::sleep} in production, a clock that jumps in tests. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final ComplianceService service;
    private final Clock clock;
    private final Sleeper sleeper;

    public ComplianceWatch(ComplianceService service, Clock clock, Sleeper sleeper) {
        this.service = Objects.requireNonNull(service, "service");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * @param rounds how many evaluations, 0 for until interrupted
     * @throws InterruptedException when interrupted while waiting: the way a watch ends
     */
    public void run(Duration interval, int rounds, Listener listener) throws InterruptedException {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("--watch: the interval must be positive, e.g. 5m");
        }
        Map<String, Verdict> previous = new HashMap<>();
        for (int round = 0; rounds == 0 || round < rounds; round++) {
            if (round > 0) {
                sleeper.sleep(interval);
            }
            ComplianceReport report;
            try {
                report = service.evaluate(clock.instant());
            } catch (RuntimeException e) {
                listener.failed(e);
                continue;
            }
            listener.evaluated(report);
            for (Change change : changes(previous, report)) {
                listener.changed(change);
                previous.put(change.component(), change.to());
            }
        }
    }

    /** The components whose verdict differs from {@code previous} (a component new to the plan counts as changed). */
    static List<Change> changes(Map<String, Verdict> previous, ComplianceReport report) {
        List<Change> changes = new ArrayList<>();
        for (ComponentCompliance component : report.components()) {
            Verdict before = previous.get(component.component());
            if (before != component.verdict()) {
                changes.add(new Change(component.component(), before, component.verdict(), component));
            }
        }
        return changes;
    }
}
