package org.drjenkins.engine.failover.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

/**
 * Real HTTP checks against real servers, with short intervals (100 ms) and threshold (500 ms); plus the plan's own
 * numbers (30 s / 5 min) on a clock that jumps instead of sleeping.
 */
public class HealthMonitorTest {

    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration THRESHOLD = Duration.ofMillis(500);

    record Probed(String check, boolean healthy, Duration failingFor) {
    }

    private final List<Probed> probes = new CopyOnWriteArrayList<>();
    private final ProbeListener recorder = (check, result, failingFor, threshold) ->
            probes.add(new Probed(check.describe(), result.healthy(), failingFor));

    @Test
    public void permanentlyFailingServiceIsDetectedAfterTheThresholdAndNotBefore() throws Exception {
        try (StatusServer server = new StatusServer(n -> 503)) {
            HealthMonitor monitor = new HealthMonitor(List.of(new HttpHealthCheck(server.uri("/health"), 200, Duration.ofSeconds(1))),
                    INTERVAL, THRESHOLD, recorder);
            long start = System.nanoTime();

            Optional<Detection> detection = monitor.awaitSustainedFailure(Duration.ofSeconds(10));

            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertThat(detection).isPresent();
            assertThat(detection.get().failingFor()).isGreaterThanOrEqualTo(THRESHOLD).isLessThan(THRESHOLD.plus(INTERVAL.multipliedBy(3)));
            assertThat(waited).isGreaterThanOrEqualTo(THRESHOLD);
            assertThat(detection.get().consecutiveFailures()).isGreaterThanOrEqualTo(6).isEqualTo(server.served().size());
            assertThat(detection.get().lastResults()).singleElement().satisfies(r -> assertThat(r.detail()).contains("HTTP 503"));
            // Every probe before the last was below the threshold: nothing was declared early.
            assertThat(probes.subList(0, probes.size() - 1)).allSatisfy(p -> assertThat(p.failingFor()).isLessThan(THRESHOLD));
        }
    }

    @Test
    public void oneSuccessInsideTheWindowRestartsTheCountSoAFlappingServiceIsNotDetectedEarly() throws Exception {
        // Fails 4 times (300 ms of failure, under the threshold), answers once, then fails for good.
        try (StatusServer server = new StatusServer(n -> n == 5 ? 200 : 503)) {
            HealthMonitor monitor = new HealthMonitor(List.of(new HttpHealthCheck(server.uri("/health"), 200, Duration.ofSeconds(1))),
                    INTERVAL, THRESHOLD, recorder);
            Instant monitoringStarted = Instant.now();

            Optional<Detection> detection = monitor.awaitSustainedFailure(Duration.ofSeconds(10));

            assertThat(detection).isPresent();
            Instant successAt = server.served().get(4).at();
            assertThat(server.served().get(4).status()).isEqualTo(200);
            assertThat(detection.get().firstFailureAt()).isAfter(successAt);
            assertThat(detection.get().failingFor()).isGreaterThanOrEqualTo(THRESHOLD);
            assertThat(detection.get().detectedAt()).isAfterOrEqualTo(successAt.plus(THRESHOLD));
            // A monitor counting from the first failure would have fired at ~500 ms; this one needs ~1 s.
            assertThat(Duration.between(monitoringStarted, detection.get().detectedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(probes.get(4).healthy()).isTrue();
            assertThat(probes.get(4).failingFor()).isZero();
            assertThat(detection.get().consecutiveFailures()).isEqualTo(server.served().size() - 5);
        }
    }

    @Test
    public void healthyServiceReturnsEmptyAfterMaxWait() throws Exception {
        try (StatusServer server = new StatusServer(n -> 200)) {
            HealthMonitor monitor = new HealthMonitor(List.of(new HttpHealthCheck(server.uri("/health"), 200, Duration.ofSeconds(1))),
                    INTERVAL, THRESHOLD, recorder);
            long start = System.nanoTime();

            Optional<Detection> detection = monitor.awaitSustainedFailure(Duration.ofMillis(350));

            assertThat(detection).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(2));
            assertThat(probes).hasSizeBetween(3, 5).allSatisfy(p -> assertThat(p.healthy()).isTrue());
        }
    }

    @Test
    public void anOutageNeedsEveryCheckFailingNotJustOne() throws Exception {
        try (StatusServer down = new StatusServer(n -> 503); StatusServer up = new StatusServer(n -> 200)) {
            HealthMonitor monitor = new HealthMonitor(List.of(
                    new HttpHealthCheck(down.uri("/health"), 200, Duration.ofSeconds(1)),
                    new HttpHealthCheck(up.uri("/health"), 200, Duration.ofSeconds(1))), INTERVAL, THRESHOLD, recorder);

            Optional<Detection> detection = monitor.awaitSustainedFailure(THRESHOLD.multipliedBy(2));

            assertThat(detection).isEmpty();
            assertThat(probes).filteredOn(p -> !p.healthy()).hasSizeGreaterThanOrEqualTo(6);
            assertThat(probes).allSatisfy(p -> assertThat(p.failingFor()).isZero());
        }
    }

    @Test
    public void planDefaultsDetectAfterFiveMinutesOfFailureProbedEveryThirtySeconds() throws Exception {
        JumpingClock clock = new JumpingClock(Instant.parse("2024-01-15T14:30:00Z"));
        AtomicInteger calls = new AtomicInteger();
        HealthCheck down = scripted("primary", n -> false, calls);
        List<String> lines = new ArrayList<>();
        HealthMonitor monitor = new HealthMonitor(List.of(down), Duration.ofSeconds(30), Duration.ofMinutes(5), clock, clock::advance,
                ProbeListener.lines(lines::add));

        Detection detection = monitor.awaitSustainedFailure(Duration.ofHours(1)).orElseThrow();

        assertThat(detection.firstFailureAt()).isEqualTo(Instant.parse("2024-01-15T14:30:00Z"));
        assertThat(detection.detectedAt()).isEqualTo(Instant.parse("2024-01-15T14:35:00Z"));
        assertThat(detection.consecutiveFailures()).isEqualTo(11);
        assertThat(calls.get()).isEqualTo(11);
        assertThat(lines).hasSize(11).last().asString().contains("FAILED", "primary is down", "300.0 s of 300.0 s");
    }

    @Test
    public void checkThatThrowsCountsAsAFailedProbeInsteadOfEndingTheWatch() throws Exception {
        JumpingClock clock = new JumpingClock(Instant.parse("2024-01-15T14:30:00Z"));
        HealthCheck broken = new HealthCheck() {
            @Override
            public HealthResult check() {
                throw new IllegalStateException("bug in a check");
            }

            @Override
            public String describe() {
                return "broken";
            }
        };
        HealthMonitor monitor = new HealthMonitor(List.of(broken), Duration.ofSeconds(30), Duration.ofMinutes(1), clock, clock::advance,
                recorder);

        Detection detection = monitor.awaitSustainedFailure(Duration.ofMinutes(10)).orElseThrow();

        assertThat(detection.consecutiveFailures()).isEqualTo(3);
        assertThat(detection.lastResults().get(0).detail()).contains("IllegalStateException", "bug in a check");
    }

    @Test
    public void recoveryBeforeTheThresholdOnTheJumpingClockIsNoDetection() throws Exception {
        JumpingClock clock = new JumpingClock(Instant.parse("2024-01-15T14:30:00Z"));
        // Down for 4.5 minutes, up once, down 4.5 minutes, up once...: never 5 unbroken minutes.
        HealthCheck flapping = scripted("flapping", n -> n % 10 == 0, new AtomicInteger());
        HealthMonitor monitor = new HealthMonitor(List.of(flapping), Duration.ofSeconds(30), Duration.ofMinutes(5), clock, clock::advance,
                recorder);

        assertThat(monitor.awaitSustainedFailure(Duration.ofHours(1))).isEmpty();
        assertThat(probes).hasSize(121);
        assertThat(probes).allSatisfy(p -> assertThat(p.failingFor()).isLessThan(Duration.ofMinutes(5)));
    }

    /** n is the 1-based call number; answers healthy when the predicate says so. */
    private static HealthCheck scripted(String name, java.util.function.IntPredicate healthyOnCall, AtomicInteger calls) {
        return new HealthCheck() {
            @Override
            public HealthResult check() {
                int n = calls.incrementAndGet();
                boolean healthy = healthyOnCall.test(n);
                return new HealthResult(healthy, name + (healthy ? " is up" : " is down"), Duration.ofMillis(3), Instant.now());
            }

            @Override
            public String describe() {
                return name;
            }
        };
    }

    /** A clock that only moves when the monitor sleeps: the plan's minutes take no time. */
    static final class JumpingClock extends Clock {
        private volatile Instant now;

        JumpingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
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
}
