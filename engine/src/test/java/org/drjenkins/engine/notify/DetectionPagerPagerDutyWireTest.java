package org.drjenkins.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.failover.health.Detection;
import org.drjenkins.engine.failover.health.HealthCheck;
import org.drjenkins.engine.failover.health.HealthMonitor;
import org.drjenkins.engine.failover.health.HealthResult;
import org.drjenkins.engine.incident.DetectionPager;
import org.drjenkins.engine.incident.IncidentEngine;
import org.drjenkins.engine.incident.IncidentStore;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.testing.S3Fixture;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * dr watch's page at detection, end to end at the wire level: the watch's {@link DetectionPager} on its own thread,
 * the incident engine with its state in a real bucket, the dispatcher and {@link PagerDutyChannel} posting to a local
 * PagerDuty Events API v2 endpoint that validates every event ({@link PagerDutyChannelWireTest#problems}).
 */
public class DetectionPagerPagerDutyWireTest {

    @ClassRule
    public static final S3Fixture S3 = new S3Fixture();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROUTING_KEY = "R0ut1ngK3yS3cr3tR0ut1ngK3yS3cr3t";

    private DrConfig config;
    private ObjectStore bucket;
    private final RecordingProgress progress = new RecordingProgress();

    private static final HealthCheck DOWN = new HealthCheck() {
        @Override
        public HealthResult check() {
            return HealthResult.failed("postgres://db.us-east-1: connection refused", Duration.ofMillis(3), Instant.now());
        }

        @Override
        public String describe() {
            return "postgres://db.us-east-1";
        }
    };

    @Before
    public void freshBucket() {
        config = S3.config("");
        bucket = S3.open(config.primary());
    }

    @After
    public void closeBucket() {
        bucket.close();
    }

    private PagerDutyChannel pagerDuty(LocalHttpEndpoint endpoint, Duration timeout) {
        return new PagerDutyChannel("pagerduty", URI.create(endpoint.base()), ROUTING_KEY, "Jenkins", null, timeout, Clock.systemUTC());
    }

    @Test
    public void aPagerDutyEndpointAnswering500ThenAcceptingGetsTheDetectionTrigger() throws Exception {
        try (LocalHttpEndpoint endpoint = new LocalHttpEndpoint(PagerDutyChannelWireTest::validate)) {
            endpoint.thenAnswer(new LocalHttpEndpoint.Answer(500, "{\"status\":\"internal error\"}"));
            RetryPolicy retry = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(30));
            try (NoticeDispatcher dispatcher = new NoticeDispatcher(List.of(pagerDuty(endpoint, Duration.ofSeconds(5))), retry, progress);
                    DetectionPager pager = DetectionPager.background(IncidentEngine.from(config, new IncidentStore(bucket), dispatcher,
                            Clock.systemUTC()), "us-east-1", Duration.ofSeconds(30), progress::info)) {

                pager.probed(DOWN, DOWN.check(), Duration.ofSeconds(30), Duration.ofMinutes(5));
                pager.close();
                assertThat(dispatcher.awaitIdle(Duration.ofSeconds(30))).isTrue();

                assertThat(pager.incidentId()).isPresent();
                String id = pager.incidentId().get();
                assertThat(endpoint.requests).hasSize(2).allSatisfy(r -> assertThat(PagerDutyChannelWireTest.problems(r)).isEmpty());
                JsonNode first = JSON.readTree(endpoint.requests.get(0).body());
                JsonNode event = JSON.readTree(endpoint.requests.get(1).body());
                ((com.fasterxml.jackson.databind.node.ObjectNode) first.get("payload")).remove("timestamp");
                JsonNode again = event.deepCopy();
                ((com.fasterxml.jackson.databind.node.ObjectNode) again.get("payload")).remove("timestamp");
                assertThat(again).as("the same event again, only its send time differs").isEqualTo(first);
                assertThat(event.get("event_action").asText()).isEqualTo("trigger");
                assertThat(event.get("dedup_key").asText()).isEqualTo(id);
                assertThat(event.get("payload").get("severity").asText()).isEqualTo("critical");
                assertThat(event.get("payload").get("summary").asText()).isEqualTo("[INCIDENT] Jenkins - primary database us-east-1 unreachable");
                assertThat(dispatcher.deliveries()).filteredOn(d -> d.channel().equals("pagerduty")).singleElement().satisfies(d -> {
                    assertThat(d.ok()).isTrue();
                    assertThat(d.attempts()).isEqualTo(2);
                    assertThat(d.delivery().status()).isEqualTo(202);
                });
            }
        }
    }

    @Test
    public void aPagerDutyEndpointThatHangsNeverHoldsUpTheProbesUpToTheFailoverThreshold() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (LocalHttpEndpoint endpoint = new LocalHttpEndpoint(r -> {
            arrived.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new LocalHttpEndpoint.Answer(202, "{\"status\":\"success\"}");
        })) {
            Moving clock = new Moving(Instant.parse("2026-01-06T14:30:00Z"));
            try (NoticeDispatcher dispatcher = new NoticeDispatcher(List.of(pagerDuty(endpoint, Duration.ofSeconds(60))), RetryPolicy.NONE,
                    progress);
                    DetectionPager pager = DetectionPager.background(IncidentEngine.from(config, new IncidentStore(bucket), dispatcher,
                            Clock.systemUTC()), "us-east-1", Duration.ofSeconds(30), progress::info)) {
                CountDownLatch pastDetection = new CountDownLatch(1);
                HealthMonitor monitor = new HealthMonitor(List.of(DOWN), Duration.ofSeconds(10), Duration.ofMinutes(5), clock, d -> {
                    if (clock.sinceStart().compareTo(Duration.ofSeconds(30)) >= 0 && pastDetection.getCount() == 1) {
                        // The round after detection waits until the page is on the wire and stuck there.
                        pastDetection.countDown();
                        assertThat(arrived.await(30, TimeUnit.SECONDS)).as("the trigger reached PagerDuty").isTrue();
                    }
                    clock.advance(d);
                }, pager);

                Optional<Detection> detection = monitor.awaitSustainedFailure(Duration.ofMinutes(10));

                assertThat(detection).as("the failover threshold is reached while the page hangs").isPresent();
                assertThat(detection.get().failingFor()).isGreaterThanOrEqualTo(Duration.ofMinutes(5));
                assertThat(arrived.getCount()).isZero();
                assertThat(release.getCount()).as("PagerDuty still has not answered").isEqualTo(1);
                assertThat(dispatcher.deliveries()).as("the page is still in flight").isEmpty();
                release.countDown();
            }
        } finally {
            release.countDown();
        }
    }

    /** A clock the monitor's sleeper moves: minutes of probing in a moment. */
    private static final class Moving extends Clock {
        private final Instant start;
        private volatile Instant now;

        Moving(Instant start) {
            this.start = start;
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        Duration sinceStart() {
            return Duration.between(start, now);
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
