package org.drjenkins.engine.incident;

import java.nio.charset.StandardCharsets;

/**
 * Bodies of PagerDuty Webhooks v3 deliveries as PagerDuty documents them, for every test that posts one (the engine's
 * rule, {@code dr incident listen}, {@code dr watch --ack-listen}, the plugin's {@code /dr-pagerduty/}); shared
 * through the engine's test jar so they all post the same event.
 */
public final class PagerDutyDeliveryBodies {

    private PagerDutyDeliveryBodies() {
    }

    /** An event of {@code type} by {@code agent} about the incident PagerDuty knows by {@code incidentKey}. */
    public static String event(String type, String incidentKey, String agent) {
        return """
                {"event":{"id":"01DEN3D0W1V8CJPHL5V3NQ0U3G","event_type":"%s","resource_type":"incident",\
                "occurred_at":"2026-01-06T14:37:12.000Z","agent":{"html_url":"https://acme.pagerduty.com/users/PLH1HKV",\
                "id":"PLH1HKV","self":"https://api.pagerduty.com/users/PLH1HKV","summary":"%s","type":"user_reference"},\
                "client":null,"data":{"id":"PGR0VU2","type":"incident","self":"https://api.pagerduty.com/incidents/PGR0VU2",\
                "html_url":"https://acme.pagerduty.com/incidents/PGR0VU2","number":2,"status":"acknowledged",\
                "incident_key":"%s","created_at":"2026-01-06T14:30:01Z","title":"[INCIDENT] Jenkins - primary down",\
                "service":{"id":"PF9KMXH","summary":"Jenkins","type":"service_reference"},"urgency":"high"}}}"""
                .formatted(type, agent, incidentKey);
    }

    /** The {@code incident.acknowledged} delivery, as bytes on the wire. */
    public static byte[] acknowledged(String incidentKey, String agent) {
        return event("incident.acknowledged", incidentKey, agent).getBytes(StandardCharsets.UTF_8);
    }
}
