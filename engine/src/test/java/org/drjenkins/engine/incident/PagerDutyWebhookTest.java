package org.drjenkins.engine.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.IncidentEvent;
import org.drjenkins.engine.notify.Audience;
import org.drjenkins.engine.notify.NoticeAction;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.testing.S3Fixture;
import org.drjenkins.engine.util.InvalidRequestException;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * PagerDuty Webhooks v3 back into the engine: signed {@code incident.acknowledged} events acknowledge the incident whose
 * id PagerDuty keeps as {@code incident_key} (our dedup_key), state in a real bucket; anything unsigned changes nothing.
 */
public class PagerDutyWebhookTest {

    @ClassRule
    public static final S3Fixture S3 = new S3Fixture();

    static final String SECRET = "whsec-0123456789abcdefABCDEF0123456789";
    private static final Instant T0 = Instant.parse("2026-01-06T14:30:00Z");

    private final SteppingClock clock = new SteppingClock(T0);
    private final RecordingSink sink = new RecordingSink();
    private ObjectStore bucket;
    private IncidentEngine engine;

    @Before
    public void freshBucket() {
        DrConfig config = S3.config(IncidentEngineTest.ROTATION);
        bucket = S3.open(config.primary());
        engine = IncidentEngine.from(config, new IncidentStore(bucket), sink, clock);
    }

    @After
    public void close() {
        bucket.close();
    }

    /** A v3 delivery as PagerDuty sends it for an Events API v2 incident (trimmed to the fields that matter and a few more). */
    static String event(String type, String incidentKey, String agent) {
        return PagerDutyDeliveryBodies.event(type, incidentKey, agent);
    }

    private IncidentRecord openHigh() {
        return engine.open(IncidentRequest.of(IncidentEvent.BACKUP_FAILED, "nightly backup failed"));
    }

    @Test
    public void aSignedAcknowledgementStopsTheEscalationAndRecordsWhoAcknowledgedInPagerDuty() {
        IncidentRecord open = openHigh();
        assertThat(open.nextEscalationAt()).isPresent();
        clock.advance(Duration.ofMinutes(7));
        byte[] body = event("incident.acknowledged", open.id(), "Alice Example").getBytes(StandardCharsets.UTF_8);

        PagerDutyWebhook.Answer answer = new PagerDutyWebhook(SECRET, engine).handle(body, PagerDutyWebhook.sign(SECRET, body));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text()).isEqualTo("incident " + open.id() + " acknowledged by Alice Example (PagerDuty)");
        IncidentRecord stored = engine.find(open.id()).orElseThrow();
        assertThat(stored.acknowledgedBy()).contains("Alice Example (PagerDuty)");
        assertThat(stored.acknowledgedAt()).contains(T0.plus(Duration.ofMinutes(7)));
        assertThat(stored.nextEscalationAt()).isEmpty();
        assertThat(sink.to(Audience.ON_CALL, NoticeAction.ACKNOWLEDGE)).hasSize(1);
        clock.advance(Duration.ofMinutes(20));
        engine.tick();
        assertThat(sink.of("escalation")).as("acknowledged at 7 min: no escalation at 15").isEmpty();
    }

    @Test
    public void aBadlySignedOrUnsignedDeliveryIsRefusedAndAcknowledgesNothing() {
        IncidentRecord open = openHigh();
        byte[] body = event("incident.acknowledged", open.id(), "Mallory").getBytes(StandardCharsets.UTF_8);
        PagerDutyWebhook webhook = new PagerDutyWebhook(SECRET, engine);

        PagerDutyWebhook.Answer wrongSecret = webhook.handle(body, PagerDutyWebhook.sign("another-secret", body));
        PagerDutyWebhook.Answer unsigned = webhook.handle(body, null);
        PagerDutyWebhook.Answer garbage = webhook.handle(body, "v1=zz-not-hex");
        byte[] tampered = event("incident.acknowledged", open.id(), "Mallory!").getBytes(StandardCharsets.UTF_8);
        PagerDutyWebhook.Answer changedBody = webhook.handle(tampered, PagerDutyWebhook.sign(SECRET, body));

        assertThat(wrongSecret.status()).isEqualTo(401);
        assertThat(wrongSecret.text()).contains("does not match").doesNotContain(SECRET);
        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(unsigned.text()).contains("no X-PagerDuty-Signature header");
        assertThat(garbage.status()).isEqualTo(401);
        assertThat(changedBody.status()).isEqualTo(401);
        assertThat(engine.find(open.id()).orElseThrow().acknowledgedAt()).isEmpty();
    }

    @Test
    public void duringASecretRotationAnyOfTheCommaSeparatedV1SignaturesIsEnough() {
        byte[] body = "{\"event\":{\"event_type\":\"pagey.ping\"}}".getBytes(StandardCharsets.UTF_8);
        PagerDutyWebhook webhook = new PagerDutyWebhook(SECRET, engine);
        String header = PagerDutyWebhook.sign("old-secret", body) + "," + PagerDutyWebhook.sign(SECRET, body).toUpperCase().replace("V1=", "v1=");

        assertThat(webhook.signed(body, header)).isTrue();
        assertThat(webhook.signed(body, "v0=" + PagerDutyWebhook.sign(SECRET, body).substring(3))).as("only v1 is known").isFalse();
        assertThat(webhook.handle(body, header).status()).as("a ping is signed and answered, nothing else").isEqualTo(202);
    }

    @Test
    public void theSignatureIsTheHexHmacSha256OfTheRawBodyAsPagerDutyDocumentsIt() {
        // echo -n '{"a":1}' | openssl dgst -sha256 -hmac secret
        assertThat(PagerDutyWebhook.sign("secret", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("v1=aa9e2e3575f5d7098b6caccd790888c36d5fdb63342a73bada2d6a51747a8494");
    }

    @Test
    public void otherEventsUnknownIncidentsAndResolvedOnesAreAnsweredWithoutChangingAnything() {
        IncidentRecord open = openHigh();
        PagerDutyWebhook webhook = new PagerDutyWebhook(SECRET, engine);
        byte[] triggered = event("incident.triggered", open.id(), "PagerDuty").getBytes(StandardCharsets.UTF_8);
        byte[] foreign = event("incident.acknowledged", "Q2W9ZLXEXAMPLE", "Bob").getBytes(StandardCharsets.UTF_8);

        assertThat(webhook.handle(triggered, PagerDutyWebhook.sign(SECRET, triggered))).isEqualTo(
                new PagerDutyWebhook.Answer(202, "ignored: not an incident.acknowledged event"));
        assertThat(webhook.handle(foreign, PagerDutyWebhook.sign(SECRET, foreign))).isEqualTo(
                new PagerDutyWebhook.Answer(202, "ignored: Q2W9ZLXEXAMPLE is not an incident of this plan"));
        engine.resolve(open.id(), "backup re-run", java.util.Map.of());
        byte[] late = event("incident.acknowledged", open.id(), "Bob").getBytes(StandardCharsets.UTF_8);
        assertThat(webhook.handle(late, PagerDutyWebhook.sign(SECRET, late)).text()).isEqualTo("ignored: incident " + open.id()
                + " is already resolved");
        assertThat(engine.find(open.id()).orElseThrow().acknowledgedAt()).isEmpty();
    }

    @Test
    public void aSignedBodyThatIsNotAV3EventIsABadRequestNamingWhatIsMissing() {
        PagerDutyWebhook webhook = new PagerDutyWebhook(SECRET, engine);
        byte[] v2 = "{\"messages\":[{\"event\":\"incident.acknowledge\"}]}".getBytes(StandardCharsets.UTF_8);
        byte[] noKey = "{\"event\":{\"event_type\":\"incident.acknowledged\",\"data\":{}}}".getBytes(StandardCharsets.UTF_8);

        assertThat(webhook.handle(v2, PagerDutyWebhook.sign(SECRET, v2))).satisfies(a -> {
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.text()).contains("event.event_type");
        });
        assertThat(webhook.handle(noKey, PagerDutyWebhook.sign(SECRET, noKey)).text()).contains("event.data.incident_key");
        assertThat(webhook.handle(new byte[PagerDutyWebhook.MAX_BODY + 1], "v1=00").status()).isEqualTo(413);
    }

    @Test
    public void anEmptySecretIsRefusedNamingWhereTheSecretComesFrom() {
        assertThatThrownBy(() -> new PagerDutyWebhook(" ", engine)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("signing secret");
        assertThat(new PagerDutyWebhook(SECRET, engine).toString()).doesNotContain(SECRET);
    }
}
