package org.drjenkins.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * PagerDuty's throttle answer at the wire level: a local Events API v2 endpoint (validating every event as
 * {@link PagerDutyChannelWireTest} does) answers 429 with {@code Retry-After}, and the retry waits as long as it asks,
 * up to the retry policy's maximum. The header is read in the one HTTP code all JSON channels share.
 */
public class PagerDutyRetryAfterWireTest {

    private static final String ROUTING_KEY = "R0ut1ngK3yS3cr3tR0ut1ngK3yS3cr3t";
    private static final String THROTTLED = "{\"status\":\"throttle event\",\"message\":\"Requests for this service are arriving too quickly\"}";

    private LocalHttpEndpoint pagerDuty;
    private final RecordingProgress progress = new RecordingProgress();

    @Before
    public void startEventsApi() throws Exception {
        pagerDuty = new LocalHttpEndpoint(PagerDutyChannelWireTest::validate);
    }

    @After
    public void stopEventsApi() {
        pagerDuty.close();
    }

    private PagerDutyChannel channel() {
        return new PagerDutyChannel("pagerduty", URI.create(pagerDuty.base()), ROUTING_KEY, "Jenkins", null, Duration.ofSeconds(5),
                Clock.fixed(Instant.parse("2024-01-15T14:31:07Z"), ZoneOffset.UTC));
    }

    @Test
    public void aThrottled429CarriesTheSecondsOfItsRetryAfterHeaderInTheDelivery() {
        pagerDuty.thenAnswer(new LocalHttpEndpoint.Answer(429, THROTTLED, Map.of("Retry-After", "7")));

        Delivery throttled = channel().deliver(Notices.trigger(Audience.ON_CALL));

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.retryAfterHint()).contains(Duration.ofSeconds(7));
        assertThat(PagerDutyChannelWireTest.problems(pagerDuty.requests.get(0))).isEmpty();
    }

    @Test
    public void anHttpDateRetryAfterBecomesTheWaitUntilThatMoment() {
        Instant inAMinute = Instant.now().plusSeconds(60);
        pagerDuty.thenAnswer(new LocalHttpEndpoint.Answer(429, THROTTLED,
                Map.of("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(inAMinute.atOffset(ZoneOffset.UTC)))));

        Delivery throttled = channel().deliver(Notices.trigger(Audience.ON_CALL));

        assertThat(throttled.retryAfterHint()).hasValueSatisfying(wait -> assertThat(wait)
                .isGreaterThan(Duration.ofSeconds(50)).isLessThanOrEqualTo(Duration.ofSeconds(60)));
    }

    @Test
    public void aRetryAfterOnAnAcceptedOrInvalidEventIsNotAHint() {
        pagerDuty.thenAnswer(new LocalHttpEndpoint.Answer(202, "{\"status\":\"success\"}", Map.of("Retry-After", "30")),
                new LocalHttpEndpoint.Answer(400, "{\"status\":\"invalid event\"}", Map.of("Retry-After", "30")));

        assertThat(channel().deliver(Notices.trigger(Audience.ON_CALL)).retryAfterHint()).isEmpty();
        assertThat(channel().deliver(Notices.trigger(Audience.ON_CALL)).retryAfterHint()).isEmpty();
    }

    @Test
    public void theDispatcherWaitsAsLongAsRetryAfterAsksRatherThanItsShorterBackoff() throws Exception {
        pagerDuty.thenAnswer(new LocalHttpEndpoint.Answer(429, THROTTLED, Map.of("Retry-After", "1")));
        RetryPolicy quickBackoff = new RetryPolicy(Duration.ofMillis(10), Duration.ofSeconds(5), Duration.ofSeconds(30));

        try (NoticeDispatcher dispatcher = new NoticeDispatcher(List.of(channel()), quickBackoff, progress)) {
            dispatcher.send(Notices.trigger(Audience.ON_CALL));
            assertThat(dispatcher.awaitIdle(Duration.ofSeconds(30))).isTrue();

            assertThat(dispatcher.deliveries()).singleElement().satisfies(d -> {
                assertThat(d.ok()).isTrue();
                assertThat(d.attempts()).isEqualTo(2);
            });
        }
        assertThat(pagerDuty.requests).hasSize(2).allSatisfy(r -> assertThat(PagerDutyChannelWireTest.problems(r)).isEmpty());
        assertThat(pagerDuty.requests.get(1).body()).isEqualTo(pagerDuty.requests.get(0).body());
        assertThat(Duration.ofNanos(pagerDuty.requests.get(1).nanos() - pagerDuty.requests.get(0).nanos()))
                .as("the 1 s the throttle asked for, not the 10 ms backoff").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    public void aRetryAfterLongerThanThePolicysMaximumWaitIsCutToThatMaximum() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(2));
        Delivery askedForAnHour = new Delivery("pagerduty", false, 429, "HTTP 429", Duration.ZERO, Duration.ofHours(1));
        Delivery askedForTwoSeconds = new Delivery("pagerduty", false, 429, "HTTP 429", Duration.ZERO, Duration.ofSeconds(2));
        Delivery saidNothing = new Delivery("pagerduty", false, 500, "HTTP 500", Duration.ZERO);

        assertThat(policy.waitAfter(1, askedForAnHour)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.waitAfter(1, askedForTwoSeconds)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.waitAfter(3, saidNothing)).isEqualTo(Duration.ofSeconds(2)).isEqualTo(policy.waitAfter(3));
    }

    @Test
    public void opsgenieAndWebhooksShareTheHeaderReading() throws Exception {
        try (LocalHttpEndpoint other = new LocalHttpEndpoint(r -> new LocalHttpEndpoint.Answer(429, "{}", Map.of("Retry-After", "3")))) {
            OpsgenieChannel opsgenie = new OpsgenieChannel("opsgenie", URI.create(other.base()), "genie-key", "Jenkins", null,
                    Duration.ofSeconds(5));
            WebhookChannel webhook = new WebhookChannel(new Webhook(other.uri("/hooks/abc"), Webhook.Format.JSON, "chat"), null,
                    Duration.ofSeconds(5));

            assertThat(opsgenie.deliver(Notices.trigger(Audience.ON_CALL)).retryAfterHint()).contains(Duration.ofSeconds(3));
            assertThat(webhook.deliver(Notices.trigger(Audience.INCIDENTS)).retryAfterHint()).contains(Duration.ofSeconds(3));
        }
    }
}
