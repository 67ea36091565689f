package org.drjenkins.engine.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.Role;
import org.drjenkins.engine.failover.health.Detection;
import org.drjenkins.engine.failover.health.HealthCheck;
import org.drjenkins.engine.failover.health.HealthMonitor;
import org.drjenkins.engine.failover.health.HealthResult;
import org.drjenkins.engine.notify.Audience;
import org.drjenkins.engine.notify.NoticeAction;
import org.drjenkins.engine.notify.RetryPolicy;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.testing.S3Fixture;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * dr watch pages at detection (30 s of failed checks), while the failover still waits for its own threshold (5 min):
 * the watch's real health monitor, a clock the sleeper moves, the incident state in a real bucket.
 */
public class DetectionPagerTest {

    @ClassRule
    public static final S3Fixture S3 = new S3Fixture();

    private static final Instant T0 = Instant.parse("2026-01-06T14:30:00Z");

    private final SteppingClock clock = new SteppingClock(T0);
    private final RecordingSink sink = new RecordingSink();
    private DrConfig config;
    private ObjectStore bucket;

    @Before
    public void freshBucket() {
        config = S3.config(IncidentEngineTest.ROTATION);
        bucket = S3.open(config.primary());
    }

    @After
    public void close() {
        bucket.close();
    }

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

    private HealthMonitor monitor(DetectionPager pager) {
        return new HealthMonitor(List.of(DOWN), Duration.ofSeconds(10), Duration.ofMinutes(5), clock, clock::advance, pager);
    }

    @Test
    public void theOnCallIsPagedAtTheDetectionThresholdLongBeforeTheFailoverThreshold() throws Exception {
        IncidentEngine engine = IncidentEngine.from(config, new IncidentStore(bucket), sink, clock);
        DetectionPager pager = new DetectionPager(engine, "us-east-1", config.incidents().detection(), Runnable::run, clock, line -> { });

        Optional<Detection> detection = monitor(pager).awaitSustainedFailure(Duration.ofMinutes(10));

        assertThat(detection).isPresent();
        assertThat(detection.get().detectedAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(sink.of("initialAlert")).singleElement().satisfies(n -> {
            assertThat(n.message().started()).as("opened at the detection threshold").isEqualTo(T0.plusSeconds(30));
            assertThat(n.facts()).containsEntry("event", "primaryUnreachable").containsEntry("failingForSeconds", "30");
        });
        assertThat(sink.pagedNames()).containsExactly("[Alice, Bob]", "[CTO]");
        assertThat(pager.incidentId()).isPresent();
        // The ticks between rounds carried the protocol on while the watch waited: the customer email after 5 minutes.
        assertThat(sink.to(Audience.STAKEHOLDERS, NoticeAction.TRIGGER)).isEmpty();
        clock.advance(Duration.ofSeconds(31));
        pager.probed(DOWN, DOWN.check(), Duration.ofMinutes(6), Duration.ofMinutes(5));
        assertThat(sink.to(Audience.STAKEHOLDERS, NoticeAction.TRIGGER)).hasSize(1);
    }

    @Test
    public void aSinkThatHangsDoesNotHoldTheWatchUp() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch sending = new CountDownLatch(1);
        IncidentEngine engine = IncidentEngine.from(config, new IncidentStore(bucket), notice -> {
            sending.countDown();
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, clock);
        try (DetectionPager pager = DetectionPager.background(engine, "us-east-1", Duration.ofSeconds(30), line -> { })) {
            Optional<Detection> detection = monitor(pager).awaitSustainedFailure(Duration.ofMinutes(10));
            sending.await();

            assertThat(detection).as("the failover threshold is reached while the page is stuck").isPresent();
            assertThat(never.getCount()).as("the sink is still stuck").isEqualTo(1);
            never.countDown();
        }
    }

    @Test
    public void aPageTheBucketRefusedIsOpenedAgainByALaterProbeOnceTheBackoffHasPassed() throws Exception {
        String later = "created-later-" + System.nanoTime();
        Region region = new Region("us-east-1", Role.PRIMARY, later, S3.server().endpoint());
        try (ObjectStore missing = S3.open(region)) {
            IncidentEngine engine = IncidentEngine.from(config, new IncidentStore(missing), sink, clock);
            List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
            RetryPolicy retry = new RetryPolicy(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofMinutes(2));
            DetectionPager pager = new DetectionPager(engine, "us-east-1", Duration.ofSeconds(30), Runnable::run, clock, log::add, retry);

            pager.probed(DOWN, DOWN.check(), Duration.ofSeconds(30), Duration.ofMinutes(5));
            assertThat(pager.incidentId()).as("the bucket does not exist yet").isEmpty();
            assertThat(pager.pageAttempts()).isEqualTo(1);
            assertThat(log).anySatisfy(line -> assertThat(line).startsWith("page at detection failed at attempt 1")
                    .contains("trying again in 5 s"));

            S3Fixture.createBuckets(S3.server(), later);
            clock.advance(Duration.ofSeconds(4));
            pager.probed(DOWN, DOWN.check(), Duration.ofSeconds(34), Duration.ofMinutes(5));
            assertThat(pager.pageAttempts()).as("not before the backoff").isEqualTo(1);

            clock.advance(Duration.ofSeconds(1));
            pager.probed(DOWN, DOWN.check(), Duration.ofSeconds(35), Duration.ofMinutes(5));

            assertThat(pager.pageAttempts()).isEqualTo(2);
            assertThat(pager.incidentId()).isPresent();
            assertThat(new IncidentStore(missing).load(pager.incidentId().get())).hasValueSatisfying(r ->
                    assertThat(r.openedAt()).isEqualTo(T0.plusSeconds(5)));
            assertThat(sink.to(Audience.ON_CALL, NoticeAction.TRIGGER)).isNotEmpty();
        }
    }

    @Test
    public void aPageThatKeepsFailingIsGivenUpAfterTheRetryDeadline() {
        Region region = new Region("us-east-1", Role.PRIMARY, "never-created-" + System.nanoTime(), S3.server().endpoint());
        try (ObjectStore missing = S3.open(region)) {
            IncidentEngine engine = IncidentEngine.from(config, new IncidentStore(missing), sink, clock);
            List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
            RetryPolicy retry = new RetryPolicy(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(25));
            DetectionPager pager = new DetectionPager(engine, "us-east-1", Duration.ofSeconds(30), Runnable::run, clock, log::add, retry);

            for (int round = 0; round < 10; round++) {
                pager.probed(DOWN, DOWN.check(), Duration.ofSeconds(30 + 10L * round), Duration.ofMinutes(5));
                clock.advance(Duration.ofSeconds(10));
            }

            assertThat(pager.pageAttempts()).as("at 0, 10 and 20 s; 30 s is past the 25 s deadline").isEqualTo(3);
            assertThat(pager.incidentId()).isEmpty();
            assertThat(log).filteredOn(line -> line.startsWith("page at detection")).last().asString()
                    .startsWith("page at detection failed at attempt 3; giving up");
        }
    }
}
