package org.drjenkins.engine.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.drjenkins.engine.util.InvalidRequestException;

/**
 * PagerDuty's way back: a Webhooks v3 subscription posts {@code {"event": {"event_type": "incident.acknowledged",
 * "agent": {"summary": "Alice"}, "data": {"incident_key": ...}}}} when someone acknowledges in PagerDuty, and this turns
 * it into {@link IncidentEngine#acknowledge}, so the escalation stops wherever the acknowledgement was made.
 *
 * <p>Which incident: PagerDutyChannel sends the incident id as the Events API {@code dedup_key}; PagerDuty keeps it as
 * the incident's {@code incident_key} (and the alert's {@code alert_key}), which the webhook carries back.
 *
 * <p>Trust: PagerDuty signs the raw body, {@code X-PagerDuty-Signature: v1=<hex HMAC-SHA256 of the body with the
 * subscription's secret>}, several comma-separated while a secret is being rotated; one matching {@code v1} signature
 * is enough, compared in constant time. Nothing unsigned is read. The secret is never in an answer or a message.
 * Used by the plugin's {@code /dr-pagerduty/} endpoint and {@code dr incident listen}: one rule for both.
 */
public final class PagerDutyWebhook {

    public static final String SIGNATURE_HEADER = "X-PagerDuty-Signature";
    /** PagerDuty's events are a few kilobytes; more is not PagerDuty and is refused before it is read. */
    public static final int MAX_BODY = 256 * 1024;
    public static final String ACKNOWLEDGED = "incident.acknowledged";
    private static final String VERSION = "v1=";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What to answer PagerDuty: it retries a delivery on any status but 2xx, so only a passing trouble is not 2xx. */
    public record Answer(int status, String text) {
    }

    private final byte[] secret;
    private final IncidentEngine engine;

    /** @param secret the webhook subscription's signing secret */
    public PagerDutyWebhook(String secret, IncidentEngine engine) {
        if (secret == null || secret.isBlank()) {
            throw new InvalidRequestException("the PagerDuty webhook secret is empty: give the signing secret PagerDuty showed when"
                    + " the webhook subscription was created");
        }
        this.secret = secret.strip().getBytes(StandardCharsets.UTF_8);
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /** {@code v1=<hex>}: the header PagerDuty would send for this body (tests, and checking a subscription by hand). */
    public static String sign(String secret, byte[] body) {
        return VERSION + HexFormat.of().formatHex(hmac(secret.strip().getBytes(StandardCharsets.UTF_8), body));
    }

    /** Whether one of the header's {@code v1} signatures is this body's with the secret. */
    public boolean signed(byte[] body, String header) {
        return signed(secret, body, header);
    }

    private static boolean signed(byte[] secret, byte[] body, String header) {
        if (header == null || header.isBlank()) {
            return false;
        }
        byte[] expected = hmac(secret, body);
        boolean any = false;
        for (String part : header.split(",")) {
            String signature = part.strip();
            if (!signature.startsWith(VERSION)) {
                continue;
            }
            byte[] given;
            try {
                given = HexFormat.of().parseHex(signature.substring(VERSION.length()).toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                continue;
            }
            // Every signature is compared, so the time taken does not tell which one (or how much of it) matched.
            any |= MessageDigest.isEqual(expected, given);
        }
        return any;
    }

    /**
     * The answer for a delivery that must not be read (too large, unsigned, badly signed), before anything else is
     * touched: an endpoint checks this first, so a forged delivery costs it no bucket or plan. Empty when it may be read.
     */
    public static Optional<Answer> refusal(String secret, byte[] body, String signatureHeader) {
        if (body.length > MAX_BODY) {
            return Optional.of(new Answer(413, "body larger than " + MAX_BODY + " bytes: not a PagerDuty webhook event"));
        }
        if (signatureHeader == null || signatureHeader.isBlank()) {
            return Optional.of(new Answer(401, "no " + SIGNATURE_HEADER + " header: only signed PagerDuty webhooks are accepted"));
        }
        if (secret == null || !signed(secret.strip().getBytes(StandardCharsets.UTF_8), body, signatureHeader)) {
            return Optional.of(new Answer(401, SIGNATURE_HEADER + " does not match the body: check that the webhook secret is the"
                    + " subscription's signing secret"));
        }
        return Optional.empty();
    }

    /**
     * One delivery: checks the signature, then acknowledges the incident the event names. 401 for a missing or wrong
     * signature, 400 for a body that is not a v3 event, 413 for one too large, 503 when the incident's bucket could not
     * be reached (PagerDuty delivers again later); every other outcome, including events and incidents that are not
     * ours, is 2xx so PagerDuty does not keep retrying them.
     */
    public Answer handle(byte[] body, String signatureHeader) {
        Optional<Answer> refused = refusal(new String(secret, StandardCharsets.UTF_8), body, signatureHeader);
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<Acknowledgement> ack;
        try {
            ack = acknowledgement(body);
        } catch (InvalidRequestException e) {
            return new Answer(400, e.getMessage());
        }
        if (ack.isEmpty()) {
            return new Answer(202, "ignored: not an " + ACKNOWLEDGED + " event");
        }
        String id = ack.get().incidentKey();
        try {
            Optional<IncidentRecord> known = engine.find(id);
            if (known.isEmpty()) {
                return new Answer(202, "ignored: " + id + " is not an incident of this plan");
            }
            if (known.get().resolved()) {
                return new Answer(202, "ignored: incident " + id + " is already resolved");
            }
            IncidentRecord record = engine.acknowledge(id, ack.get().who());
            return new Answer(200, "incident " + id + " acknowledged by " + record.acknowledgedBy().orElse(ack.get().who()));
        } catch (InvalidRequestException e) {
            return new Answer(202, "ignored: " + e.getMessage());
        } catch (RuntimeException e) {
            return new Answer(503, "could not record the acknowledgement of " + id + " (PagerDuty will deliver it again): "
                    + e.getClass().getSimpleName());
        }
    }

    /**
     * @param incidentKey our incident id (the Events API dedup_key)
     * @param who         the PagerDuty user who acknowledged, marked as coming from PagerDuty
     */
    public record Acknowledgement(String incidentKey, String who) {
    }

    /** The acknowledgement a v3 event body carries; empty for every other event type (pings, triggers, notes). */
    public static Optional<Acknowledgement> acknowledgement(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new InvalidRequestException("the body is not JSON: PagerDuty Webhooks v3 post {\"event\": {...}}");
        }
        JsonNode event = root == null ? null : root.get("event");
        if (event == null || !event.isObject() || !event.path("event_type").isTextual()) {
            throw new InvalidRequestException("no event.event_type: not a PagerDuty Webhooks v3 event (v1/v2 webhooks are not supported)");
        }
        if (!ACKNOWLEDGED.equals(event.path("event_type").asText())) {
            return Optional.empty();
        }
        JsonNode data = event.path("data");
        String key = firstText(data, "incident_key", "alert_key", "dedup_key");
        if (key == null) {
            throw new InvalidRequestException("event.data.incident_key is missing: the acknowledged incident cannot be matched to"
                    + " a dedup_key");
        }
        String agent = event.path("agent").path("summary").asText("").strip();
        return Optional.of(new Acknowledgement(key, (agent.isEmpty() ? "someone" : agent) + " (PagerDuty)"));
    }

    private static String firstText(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.path(name);
            if (value.isTextual() && !value.asText().isBlank()) {
                return value.asText().strip();
            }
        }
        return null;
    }

    private static byte[] hmac(byte[] key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "PagerDutyWebhook[secret hidden]";
    }
}
