package org.drjenkins.engine.notify;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One message of one incident for one audience: what the incident engine (severity, rotation, escalation) hands to
 * the channels (PagerDuty, Opsgenie, Slack, email, webhooks).
 *
 * @param incidentId stable for the whole incident: PagerDuty's {@code dedup_key}, Opsgenie's alias
 * @param action     trigger, acknowledge or resolve
 * @param severity   the incident's severity
 * @param audience   who it is for; channels are routed by audience
 * @param message    the plan's template (title, started, status, impact, next update, details)
 * @param to         the people to reach (the on-call layer being paged); empty for channel-wide notices
 * @param drill      sent by a drill: channels mark it as such and drills send only to drill addresses
 * @param facts      machine-readable details (PagerDuty {@code custom_details}); never secrets
 */
public record Notice(String incidentId, NoticeAction action, Severity severity, Audience audience,
        IncidentMessage message, List<Contact> to, boolean drill, Map<String, String> facts) {

    public Notice {
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(message, "message");
        to = to == null ? List.of() : List.copyOf(to);
        facts = facts == null ? Map.of() : Map.copyOf(facts);
    }
}
