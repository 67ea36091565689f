package org.drjenkins.engine.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.failover.DnsSwitcherFactory;
import org.drjenkins.engine.failover.FailoverLimits;
import org.drjenkins.engine.failover.FailoverTools;
import org.drjenkins.engine.failover.IncidentNotifier;
import org.drjenkins.engine.failover.RecordingProgress;
import org.drjenkins.engine.failover.RecordingWebhook;
import org.drjenkins.engine.incident.IncidentEngine;
import org.drjenkins.engine.incident.IncidentRecord;
import org.drjenkins.engine.incident.IncidentStore;
import org.drjenkins.engine.oncall.Layer;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.testing.S3Fixture;
import org.drjenkins.engine.util.Json;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * {@code dr drill --scenario communication} (the plan's Q3) through the incident engine, for real: the incident in a
 * real bucket, the notices over HTTP to a recording Slack-style webhook, a drill SLA of one second so the escalation
 * is proven without waiting the plan's fifteen minutes.
 */
public class CommunicationDrillTest {

    @ClassRule
    public static final S3Fixture S3 = new S3Fixture();

    private static final String ROTATION = """
            oncall:
              zone: UTC
              start: 2020-01-06T00:00
              shiftLength: 3650d
              people: [ { name: Alice, email: alice@example.com }, { name: Bob, email: bob@example.com }, { name: CTO } ]
              primary: [Alice]
              secondary: [Bob]
              escalation: [CTO]
            """;

    private static RecordingWebhook webhook;
    private final RecordingProgress progress = new RecordingProgress();

    @BeforeClass
    public static void startWebhook() throws Exception {
        webhook = new RecordingWebhook();
    }

    @AfterClass
    public static void stopWebhook() {
        webhook.close();
    }

    @Before
    public void clear() {
        webhook.clear();
    }

    private DrConfig config(String rotation, String extraWebhooks) {
        return S3.config(rotation + "notifications:\n  service: ci\n  webhooks:\n"
                + "    - { name: incidents, url: \"" + webhook.url() + "\" }\n" + extraWebhooks);
    }

    private DrillRunner runner(DrConfig config) {
        return runner(config, Map.of());
    }

    private DrillRunner runner(DrConfig config, Map<String, String> env) {
        FailoverTools failover = new FailoverTools(Optional.empty(), DnsSwitcherFactory.standard(Optional.empty(), S3.server().credentials()),
                IncidentNotifier.fromConfig(config.notifications(), Map.of(), Duration.ofSeconds(2), progress), FailoverLimits.defaults());
        Secrets secrets = new Secrets(S3.server().credentials(), Optional.empty(), List.of(), Optional.empty());
        return new DrillRunner(config, new DrillTools(secrets, S3.stores(), failover, env), Clock.systemUTC(), progress);
    }

    private static final CommunicationOptions ONE_SECOND = CommunicationOptions.defaults().drillSla(Duration.ofSeconds(1));

    @Test
    public void anUnattendedDrillPagesTheOnCallProvesTheEscalationAndReportsEachStep() {
        DrillReport report = runner(config(ROTATION, "")).communication(ONE_SECOND).run(DrillOptions.of(Scenario.COMMUNICATION));

        assertThat(report.outcome()).as(progress.toString()).isEqualTo(DrillOutcome.PASSED);
        assertThat(report.phases()).extracting(PhaseResult::name, PhaseResult::status).containsExactly(
                tuple("page on-call", PhaseStatus.PASSED), tuple("escalation", PhaseStatus.PASSED),
                tuple("acknowledgement", PhaseStatus.PASSED), tuple("executive update", PhaseStatus.PASSED),
                tuple("customer email", PhaseStatus.PASSED), tuple("resolve", PhaseStatus.PASSED),
                tuple("webhook incidents", PhaseStatus.PASSED));
        assertThat(report.phases().get(0).detail()).contains("paged Alice (primary)");
        assertThat(report.phases().get(1).detail()).startsWith("not acknowledged within the drill SLA of 1s: escalated to Bob (secondary) after ");
        // The SLA runs from the page (phase 0), so the escalation comes no sooner than 1 s after the page began; how
        // that second splits between the two phases depends on how long the first incident write took.
        assertThat(report.phases().get(0).seconds() + report.phases().get(1).seconds()).isGreaterThanOrEqualTo(1.0);
        assertThat(report.phases().get(2).detail()).contains("acknowledged by drill (automatic)").contains("(automatically: no --ack-within given)");
        assertThat(webhook.texts()).isNotEmpty().allSatisfy(text -> assertThat(text).startsWith("Title: [INCIDENT] ci - DRILL: drill "))
                .anySatisfy(text -> assertThat(text).contains("for executives"))
                .anySatisfy(text -> assertThat(text).contains("for stakeholders"))
                .anySatisfy(text -> assertThat(text).contains("for on-call to Bob"));
        assertThat(DrillJunit.render(report)).contains("escalation").contains("customer email");
        assertThat(DrillMarkdown.render(report)).contains("acknowledgement");
    }

    @Test
    public void withAckWithinTheDrillWaitsForThePersonsAcknowledgementAndMeasuresIt() throws Exception {
        DrConfig config = config(ROTATION, "");
        // The on-call acknowledges from elsewhere (dr incident ack) once the escalation has reached the secondary.
        Thread onCall = new Thread(() -> {
            try (ObjectStore bucket = S3.open(config.primary())) {
                IncidentEngine other = IncidentEngine.from(config, new IncidentStore(bucket), notice -> { }, Clock.systemUTC());
                for (int i = 0; i < 300; i++) {
                    Optional<IncidentRecord> escalated = other.unresolved().stream()
                            .filter(r -> r.pages().stream().anyMatch(p -> p.layer() == Layer.SECONDARY)).findFirst();
                    if (escalated.isPresent()) {
                        other.acknowledge(escalated.get().id(), "Alice");
                        return;
                    }
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        onCall.start();
        DrillReport report = runner(config).communication(ONE_SECOND.ackWithin(Duration.ofSeconds(30))).run(DrillOptions.of(Scenario.COMMUNICATION));
        onCall.join();

        assertThat(report.outcome()).as(progress.toString()).isEqualTo(DrillOutcome.PASSED);
        assertThat(report.phases()).filteredOn(p -> p.name().equals("acknowledgement")).singleElement()
                .satisfies(p -> assertThat(p.detail()).startsWith("acknowledged by Alice ").doesNotContain("automatically"));
    }

    @Test
    public void aWebhookThatDoesNotAnswerFailsTheDrillNamingItWithoutItsSecret() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        DrConfig config = config(ROTATION, "    - { name: pager, url: \"http://127.0.0.1:" + closed + "/hook/t0k3n\" }\n");

        DrillReport report = runner(config).communication(ONE_SECOND).run(DrillOptions.of(Scenario.COMMUNICATION));

        assertThat(report.outcome()).isEqualTo(DrillOutcome.FAILED);
        assertThat(report.phases()).filteredOn(p -> p.name().startsWith("webhook ")).extracting(PhaseResult::name, PhaseResult::status)
                .containsExactly(tuple("webhook incidents", PhaseStatus.PASSED), tuple("webhook pager", PhaseStatus.FAILED));
        assertThat(Json.toText(report.toJson()) + DrillMarkdown.render(report) + progress).doesNotContain("t0k3n");
    }

    @Test
    public void withoutARotationTheDrillPagesTheChannelAndSaysTheEscalationWasNotDrilled() {
        DrillReport report = runner(config("", "")).communication(ONE_SECOND).run(DrillOptions.of(Scenario.COMMUNICATION));

        assertThat(report.outcome()).as(progress.toString()).isEqualTo(DrillOutcome.PASSED);
        assertThat(report.phases().get(0).detail()).contains("nobody by name (no oncall: rotation in dr.yaml)");
        assertThat(report.phases().get(1)).satisfies(p -> {
            assertThat(p.status()).isEqualTo(PhaseStatus.SKIPPED);
            assertThat(p.detail()).startsWith("not drilled: no oncall: rotation");
        });
        assertThat(webhook.texts()).anySatisfy(text -> assertThat(text).contains("for stakeholders"));
    }

    @Test
    public void withAPagerConfiguredTheDrillRoutesNoticesByAudienceAndReportsEachChannelAtTheWireLevel() throws Exception {
        String routingKey = "R0ut1ngK3yOfTheDr1llR0ut1ngK3yXX";
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer pagerDuty = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        pagerDuty.createContext("/v2/enqueue", exchange -> {
            events.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            byte[] answer = "{\"status\":\"success\",\"message\":\"Event processed\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(202, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        pagerDuty.start();
        try {
            DrConfig config = S3.config(ROTATION + "notifications:\n  service: ci\n  webhooks:\n"
                    + "    - { name: incidents, url: \"" + webhook.url() + "\" }\n"
                    + "  pagerduty: { routingKeyEnv: PD_KEY, endpoint: \"http://127.0.0.1:" + pagerDuty.getAddress().getPort() + "\" }\n");

            DrillReport report = runner(config, Map.of("PD_KEY", routingKey)).communication(ONE_SECOND)
                    .run(DrillOptions.of(Scenario.COMMUNICATION));

            assertThat(report.outcome()).as(progress.toString()).isEqualTo(DrillOutcome.PASSED);
            assertThat(report.phases()).filteredOn(p -> p.name().startsWith("channel ")).extracting(PhaseResult::name, PhaseResult::status)
                    .contains(tuple("channel pagerduty", PhaseStatus.PASSED), tuple("channel incidents", PhaseStatus.PASSED));
            // The pager hears the on-call's notices only: the page, the escalation and the resolution of one incident.
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            List<com.fasterxml.jackson.databind.JsonNode> sent = new java.util.ArrayList<>();
            for (String event : events) {
                sent.add(json.readTree(event));
            }
            assertThat(sent).extracting(e -> e.path("event_action").asText()).contains("trigger", "resolve");
            assertThat(sent).extracting(e -> e.path("dedup_key").asText()).containsOnly(sent.get(0).path("dedup_key").asText());
            assertThat(sent).allSatisfy(e -> assertThat(e.path("routing_key").asText()).isEqualTo(routingKey));
            assertThat(webhook.texts()).isNotEmpty();
            assertThat(Json.toText(report.toJson()) + DrillMarkdown.render(report) + progress).doesNotContain(routingKey);
        } finally {
            pagerDuty.stop(0);
        }
    }
}
