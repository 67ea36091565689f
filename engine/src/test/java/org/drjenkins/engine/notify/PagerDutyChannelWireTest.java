package org.drjenkins.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * At the wire level, against a local endpoint shaped like PagerDuty's Events API v2 ({@code POST /v2/enqueue}) that
 * validates each event as PagerDuty documents it and answers 202 (accepted), 400 (invalid), or what the test scripts.
 */
public class PagerDutyChannelWireTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** PagerDuty integration keys are 32 characters. */
    private static final String ROUTING_KEY = "R0ut1ngK3yS3cr3tR0ut1ngK3yS3cr3t";
    private static final Instant NOW = Instant.parse("2024-01-15T14:31:07Z");
    private static final Set<String> TOP_LEVEL = Set.of("routing_key", "event_action", "dedup_key", "payload", "images", "links", "client",
            "client_url");
    private static final Set<String> PAYLOAD = Set.of("summary", "source", "severity", "timestamp", "component", "group", "class",
            "custom_details");

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

    /** PagerDuty's checks on an event; the errors it would list, empty when the event is valid. */
    static List<String> problems(LocalHttpEndpoint.Request request) {
        List<String> problems = new ArrayList<>();
        if (!request.method().equals("POST") || !request.path().equals("/v2/enqueue")) {
            problems.add("not POST /v2/enqueue: " + request.method() + " " + request.path());
        }
        if (request.header("Content-Type") == null || !request.header("Content-Type").startsWith("application/json")) {
            problems.add("Content-Type is not application/json");
        }
        JsonNode event;
        try {
            event = JSON.readTree(request.body());
        } catch (Exception e) {
            problems.add("not JSON");
            return problems;
        }
        for (Iterator<String> names = event.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!TOP_LEVEL.contains(name)) {
                problems.add("unknown field " + name);
            }
        }
        if (!event.path("routing_key").isTextual() || event.path("routing_key").asText().length() != 32) {
            problems.add("routing_key must be a 32 character string");
        }
        String action = event.path("event_action").asText("");
        if (!event.path("event_action").isTextual() || !Set.of("trigger", "acknowledge", "resolve").contains(action)) {
            problems.add("event_action must be trigger, acknowledge or resolve");
        }
        JsonNode dedup = event.path("dedup_key");
        if (!dedup.isTextual() || dedup.asText().isEmpty() || dedup.asText().length() > 255) {
            problems.add("dedup_key must be a string of 1 to 255 characters");
        }
        if (action.equals("trigger")) {
            JsonNode payload = event.path("payload");
            if (!payload.isObject()) {
                problems.add("payload is required for trigger");
                return problems;
            }
            for (Iterator<String> names = payload.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!PAYLOAD.contains(name)) {
                    problems.add("unknown payload field " + name);
                }
            }
            if (!payload.path("summary").isTextual() || payload.path("summary").asText().isEmpty()
                    || payload.path("summary").asText().length() > 1024) {
                problems.add("payload.summary must be a string of 1 to 1024 characters");
            }
            if (!payload.path("source").isTextual() || payload.path("source").asText().isEmpty()) {
                problems.add("payload.source is required");
            }
            if (!Set.of("critical", "error", "warning", "info").contains(payload.path("severity").asText(""))) {
                problems.add("payload.severity must be critical, error, warning or info");
            }
            if (payload.has("timestamp")) {
                try {
                    Instant.parse(payload.path("timestamp").asText());
                } catch (DateTimeParseException e) {
                    problems.add("payload.timestamp must be ISO 8601");
                }
            }
            if (payload.has("custom_details") && !payload.path("custom_details").isObject()) {
                problems.add("payload.custom_details must be an object");
            }
        } else if (event.has("payload")) {
            problems.add("acknowledge and resolve take no payload");
        }
        return problems;
    }

    static LocalHttpEndpoint.Answer validate(LocalHttpEndpoint.Request request) {
        List<String> problems = problems(request);
        if (!problems.isEmpty()) {
            try {
                return new LocalHttpEndpoint.Answer(400, JSON.writeValueAsString(Map.of("status", "invalid event", "message",
                        "Event object is invalid", "errors", problems)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        String dedup = JSON.valueToTree(readQuietly(request.body())).path("dedup_key").asText();
        return new LocalHttpEndpoint.Answer(202, "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"" + dedup + "\"}");
    }

    private static JsonNode readQuietly(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private PagerDutyChannel channel(String key) {
        return new PagerDutyChannel("pagerduty", URI.create(pagerDuty.base()), key, "Jenkins", null, Duration.ofSeconds(2),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    public void triggerAcknowledgeResolveAreValidEventsSharingOneStableDedupKey() throws Exception {
        PagerDutyChannel channel = channel(ROUTING_KEY);

        List<Delivery> deliveries = List.of(
                channel.deliver(Notices.trigger(Audience.ON_CALL)),
                channel.deliver(Notices.notice(NoticeAction.ACKNOWLEDGE, Severity.HIGH, Audience.ON_CALL, false)),
                channel.deliver(Notices.notice(NoticeAction.RESOLVE, Severity.HIGH, Audience.ON_CALL, false)));

        assertThat(pagerDuty.requests).hasSize(3).allSatisfy(r -> assertThat(problems(r)).isEmpty());
        assertThat(deliveries).allSatisfy(d -> {
            assertThat(d.ok()).isTrue();
            assertThat(d.status()).isEqualTo(202);
        });
        assertThat(deliveries.get(0).detail()).startsWith("HTTP 202 from " + pagerDuty.base() + ": ").contains("Event processed");
        List<JsonNode> events = new ArrayList<>();
        for (LocalHttpEndpoint.Request r : pagerDuty.requests) {
            events.add(JSON.readTree(r.body()));
        }
        assertThat(events).extracting(e -> e.get("event_action").asText()).containsExactly("trigger", "acknowledge", "resolve");
        assertThat(events).extracting(e -> e.get("dedup_key").asText()).containsOnly(Notices.INCIDENT);
        assertThat(events).extracting(e -> e.get("routing_key").asText()).containsOnly(ROUTING_KEY);
        JsonNode payload = events.get(0).get("payload");
        assertThat(payload.get("summary").asText()).isEqualTo("[INCIDENT] Jenkins - Primary region down");
        assertThat(payload.get("source").asText()).isEqualTo("Jenkins");
        assertThat(payload.get("severity").asText()).isEqualTo("error");
        assertThat(payload.get("timestamp").asText()).isEqualTo("2024-01-15T14:31:07Z");
        JsonNode details = payload.get("custom_details");
        assertThat(details.get("drill").asBoolean()).isFalse();
        assertThat(details.get("paged")).extracting(JsonNode::asText).containsExactly("Alice", "Bob");
        assertThat(details.get("facts").get("region").asText()).isEqualTo("eu-west-1");
        assertThat(details.get("template")).extracting(JsonNode::asText).contains(
                "Title: [INCIDENT] Jenkins - Primary region down", "Started: 2024-01-15 14:30 UTC", "Status: MITIGATING",
                "Impact: ~120 users affected / ~100% of traffic impacted", "Next Update: 14:45 UTC");
    }

    @Test
    public void everySeverityBecomesOneOfTheFourValuesPagerDutyAccepts() throws Exception {
        PagerDutyChannel channel = channel(ROUTING_KEY);

        for (Severity severity : Severity.values()) {
            assertThat(channel.deliver(Notices.notice(NoticeAction.TRIGGER, severity, Audience.ON_CALL, false)).status()).isEqualTo(202);
        }

        List<String> sent = new ArrayList<>();
        for (LocalHttpEndpoint.Request r : pagerDuty.requests) {
            sent.add(JSON.readTree(r.body()).get("payload").get("severity").asText());
        }
        assertThat(sent).containsExactly("critical", "error", "warning", "info");
    }

    @Test
    public void drillIsMarkedInSummaryAndDetailsAndALongTitleIsCutTo1024Characters() throws Exception {
        IncidentMessage longOne = new IncidentMessage("Jenkins", "x".repeat(2000), Notices.MESSAGE.started(), IncidentStatus.INVESTIGATING,
                null, null, List.of());
        Notice drill = new Notice(Notices.INCIDENT, NoticeAction.TRIGGER, Severity.CRITICAL, Audience.ON_CALL, longOne, List.of(), true,
                Map.of());

        Delivery delivery = channel(ROUTING_KEY).deliver(drill);

        assertThat(delivery.status()).isEqualTo(202);
        JsonNode payload = JSON.readTree(pagerDuty.requests.get(0).body()).get("payload");
        assertThat(payload.get("summary").asText()).hasSize(1024).startsWith("[DRILL] [INCIDENT] Jenkins - xxx");
        assertThat(payload.get("custom_details").get("drill").asBoolean()).isTrue();
        assertThat(payload.get("class").asText()).isEqualTo("dr-drill");
    }

    @Test
    public void throttled429IsRetriedWithBackoffAndThenDelivered() throws Exception {
        pagerDuty.thenAnswer(new LocalHttpEndpoint.Answer(429, "{\"status\":\"throttle event\"}"));
        RetryPolicy retry = new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(20));

        try (NoticeDispatcher dispatcher = new NoticeDispatcher(List.of(channel(ROUTING_KEY)), retry, progress)) {
            dispatcher.send(Notices.trigger(Audience.ON_CALL));
            assertThat(dispatcher.awaitIdle(Duration.ofSeconds(20))).isTrue();

            assertThat(dispatcher.deliveries()).singleElement().satisfies(d -> {
                assertThat(d.ok()).isTrue();
                assertThat(d.attempts()).isEqualTo(2);
                assertThat(d.delivery().status()).isEqualTo(202);
            });
        }
        assertThat(pagerDuty.requests).hasSize(2);
        assertThat(pagerDuty.requests.get(1).body()).isEqualTo(pagerDuty.requests.get(0).body());
        assertThat(Duration.ofNanos(pagerDuty.requests.get(1).nanos() - pagerDuty.requests.get(0).nanos()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    public void serverError500IsRetriedWithGrowingWaitsUntilTheDeadlineThenReportedAsFailed() throws Exception {
        try (LocalHttpEndpoint broken = new LocalHttpEndpoint(r -> new LocalHttpEndpoint.Answer(500, "{\"status\":\"error\"}"))) {
            PagerDutyChannel channel = new PagerDutyChannel("pagerduty", URI.create(broken.base()), ROUTING_KEY, "Jenkins", null,
                    Duration.ofSeconds(2), Clock.systemUTC());
            RetryPolicy retry = new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMillis(1500));

            try (NoticeDispatcher dispatcher = new NoticeDispatcher(List.of(channel), retry, progress)) {
                dispatcher.send(Notices.trigger(Audience.ON_CALL));
                assertThat(dispatcher.awaitIdle(Duration.ofSeconds(20))).isTrue();

                NoticeDelivery outcome = dispatcher.deliveries().get(0);
                assertThat(outcome.ok()).isFalse();
                assertThat(outcome.delivery().status()).isEqualTo(500);
                assertThat(outcome.attempts()).isEqualTo(broken.requests.size()).isGreaterThanOrEqualTo(3);
                assertThat(outcome.delivery().took()).isLessThan(Duration.ofMillis(1500 + 2000));
            }
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < broken.requests.size(); i++) {
                gaps.add(broken.requests.get(i).nanos() - broken.requests.get(i - 1).nanos());
            }
            assertThat(gaps.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
            assertThat(gaps.get(1)).isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
            assertThat(progress.lines).anySatisfy(line -> assertThat(line).contains("FAILED", "HTTP 500"));
        }
    }

    @Test
    public void invalidEvent400IsNotRetried() throws Exception {
        String wrongLength = "short-key";
        try (NoticeDispatcher dispatcher = new NoticeDispatcher(List.of(channel(wrongLength)), RetryPolicy.DEFAULT, progress)) {
            dispatcher.send(Notices.trigger(Audience.ON_CALL));
            assertThat(dispatcher.awaitIdle(Duration.ofSeconds(20))).isTrue();

            assertThat(dispatcher.deliveries()).singleElement().satisfies(d -> {
                assertThat(d.ok()).isFalse();
                assertThat(d.attempts()).isEqualTo(1);
                assertThat(d.delivery().status()).isEqualTo(400);
                assertThat(d.delivery().detail()).contains("Event object is invalid");
            });
        }
        assertThat(pagerDuty.requests).hasSize(1);
    }

    @Test
    public void routingKeyIsNeverInADeliveryALogLineOrToStringEvenWhenTheServerEchoesIt() throws Exception {
        try (LocalHttpEndpoint echo = new LocalHttpEndpoint(r -> new LocalHttpEndpoint.Answer(400, "invalid: " + r.body()))) {
            PagerDutyChannel echoed = new PagerDutyChannel("pagerduty", URI.create(echo.base()), ROUTING_KEY, "Jenkins", null,
                    Duration.ofSeconds(2), Clock.systemUTC());
            PagerDutyChannel dead = new PagerDutyChannel("pagerduty-dead", URI.create("http://127.0.0.1:1"), ROUTING_KEY, "Jenkins", null,
                    Duration.ofSeconds(2), Clock.systemUTC());
            RetryPolicy retry = new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(200));

            try (NoticeDispatcher dispatcher = new NoticeDispatcher(List.of(echoed, dead), retry, progress)) {
                dispatcher.send(Notices.trigger(Audience.ON_CALL));
                assertThat(dispatcher.awaitIdle(Duration.ofSeconds(20))).isTrue();

                assertThat(dispatcher.deliveries()).hasSize(2).allSatisfy(d -> {
                    assertThat(d.ok()).isFalse();
                    assertThat(d.delivery().detail()).doesNotContain(ROUTING_KEY);
                    assertThat(d.line()).doesNotContain(ROUTING_KEY);
                });
                assertThat(dispatcher.log()).allSatisfy(line -> assertThat(line).doesNotContain(ROUTING_KEY));
            }
            assertThat(echo.requests.get(0).body()).contains(ROUTING_KEY);
            assertThat(echoed.toString()).doesNotContain(ROUTING_KEY).contains(echo.base());
            assertThat(progress.lines).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain(ROUTING_KEY));
        }
    }
}
