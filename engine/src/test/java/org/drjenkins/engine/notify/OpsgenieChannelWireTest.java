package org.drjenkins.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * At the wire level, against a local endpoint shaped like Opsgenie's Alert API: it checks the {@code GenieKey} header
 * (401 otherwise), the paths and {@code identifierType=alias}, and answers 202 as Opsgenie does for accepted requests.
 */
public class OpsgenieChannelWireTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_KEY = "eb243592-faa2-4ba2-a551-1afdf565c889";

    private LocalHttpEndpoint opsgenie;

    @Before
    public void startAlertApi() throws Exception {
        opsgenie = new LocalHttpEndpoint(r -> {
            if (!("GenieKey " + API_KEY).equals(r.header("Authorization"))) {
                return new LocalHttpEndpoint.Answer(401, "{\"message\":\"Could not authenticate\",\"took\":0.0}");
            }
            if (!r.method().equals("POST") || !r.path().startsWith("/v2/alerts")) {
                return new LocalHttpEndpoint.Answer(404, "{\"message\":\"not found\"}");
            }
            return new LocalHttpEndpoint.Answer(202, "{\"result\":\"Request will be processed\",\"took\":0.01,\"requestId\":\"r-1\"}");
        });
    }

    @After
    public void stopAlertApi() {
        opsgenie.close();
    }

    private OpsgenieChannel channel(String key) {
        return new OpsgenieChannel("opsgenie", URI.create(opsgenie.base()), key, "Jenkins", null, Duration.ofSeconds(2));
    }

    @Test
    public void triggerCreatesAnAliasedAlertAndAcknowledgeAndResolveFindItByAlias() throws Exception {
        OpsgenieChannel channel = channel(API_KEY);

        List<Delivery> deliveries = List.of(
                channel.deliver(Notices.notice(NoticeAction.TRIGGER, Severity.CRITICAL, Audience.ON_CALL, false)),
                channel.deliver(Notices.notice(NoticeAction.ACKNOWLEDGE, Severity.CRITICAL, Audience.ON_CALL, false)),
                channel.deliver(Notices.notice(NoticeAction.RESOLVE, Severity.CRITICAL, Audience.ON_CALL, false)));

        assertThat(deliveries).allSatisfy(d -> assertThat(d.status()).isEqualTo(202));
        assertThat(opsgenie.requests).extracting(LocalHttpEndpoint.Request::path).containsExactly("/v2/alerts",
                "/v2/alerts/" + Notices.INCIDENT + "/acknowledge", "/v2/alerts/" + Notices.INCIDENT + "/close");
        assertThat(opsgenie.requests).extracting(LocalHttpEndpoint.Request::query).containsExactly(null, "identifierType=alias",
                "identifierType=alias");
        assertThat(opsgenie.requests).allSatisfy(r -> assertThat(r.header("Content-Type")).startsWith("application/json"));
        JsonNode alert = JSON.readTree(opsgenie.requests.get(0).body());
        assertThat(alert.get("message").asText()).isEqualTo("[INCIDENT] Jenkins - Primary region down");
        assertThat(alert.get("alias").asText()).isEqualTo(Notices.INCIDENT);
        assertThat(alert.get("priority").asText()).isEqualTo("P1");
        assertThat(alert.get("source").asText()).isEqualTo("Jenkins");
        assertThat(alert.get("description").asText()).isEqualTo(Notices.MESSAGE.text());
        assertThat(alert.get("details").get("paged").asText()).isEqualTo("Alice, Bob");
        assertThat(alert.get("details").get("region").asText()).isEqualTo("eu-west-1");
        assertThat(alert.get("tags")).extracting(JsonNode::asText).containsExactly("disaster-recovery", "critical");
        JsonNode close = JSON.readTree(opsgenie.requests.get(2).body());
        assertThat(close.get("source").asText()).isEqualTo("Jenkins");
        assertThat(close.get("note").asText()).contains("MITIGATING");
    }

    @Test
    public void messageIsCutTo130CharactersAndADrillIsTaggedAndTitled() throws Exception {
        IncidentMessage longOne = new IncidentMessage("Jenkins", "y".repeat(300), Notices.MESSAGE.started(), IncidentStatus.INVESTIGATING,
                null, null, List.of());

        channel(API_KEY).deliver(new Notice(Notices.INCIDENT, NoticeAction.TRIGGER, Severity.MEDIUM, Audience.ON_CALL, longOne, List.of(),
                true, Map.of()));

        JsonNode alert = JSON.readTree(opsgenie.requests.get(0).body());
        assertThat(alert.get("message").asText()).hasSize(130).startsWith("[DRILL] [INCIDENT] Jenkins - yyy");
        assertThat(alert.get("priority").asText()).isEqualTo("P3");
        assertThat(alert.get("tags")).extracting(JsonNode::asText).contains("drill");
        assertThat(alert.get("description").asText()).startsWith(NoticeText.DRILL_LINE);
    }

    @Test
    public void severitiesMapToPrioritiesP1ToP5() {
        assertThat(List.of(OpsgenieChannel.priority(Severity.CRITICAL), OpsgenieChannel.priority(Severity.HIGH),
                OpsgenieChannel.priority(Severity.MEDIUM), OpsgenieChannel.priority(Severity.INFO)))
                .containsExactly("P1", "P2", "P3", "P5");
    }

    @Test
    public void aWrongKeyIsRefusedNotRetriedAndNeverShown() throws Exception {
        String wrong = "00000000-dead-beef-0000-000000000000";
        RecordingProgress progress = new RecordingProgress();
        try (NoticeDispatcher dispatcher = new NoticeDispatcher(List.of(channel(wrong)), RetryPolicy.DEFAULT, progress)) {
            dispatcher.send(Notices.trigger(Audience.ON_CALL));
            assertThat(dispatcher.awaitIdle(Duration.ofSeconds(20))).isTrue();

            assertThat(dispatcher.deliveries()).singleElement().satisfies(d -> {
                assertThat(d.delivery().status()).isEqualTo(401);
                assertThat(d.attempts()).isEqualTo(1);
                assertThat(d.delivery().detail()).contains("Could not authenticate").doesNotContain(wrong);
            });
        }
        assertThat(opsgenie.requests).singleElement().satisfies(r -> assertThat(r.header("Authorization")).isEqualTo("GenieKey " + wrong));
        assertThat(progress.lines).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain(wrong));
        assertThat(channel(wrong).toString()).doesNotContain(wrong);
    }
}
