package org.drjenkins.engine.incident;

import java.util.Map;
import java.util.Objects;
import org.drjenkins.engine.config.IncidentEvent;
import org.drjenkins.engine.notify.Severity;

/**
 * What opens an incident.
 *
 * @param event       what happened; its severity comes from {@code incidents.severities} unless {@code severity} is set
 * @param description the template's brief description, e.g. {@code primary database unreachable}
 * @param impact      the template's impact line; null: unknown
 * @param subject     what it is about (component, region); the same event on the same subject while one is open is
 *                    that incident again, not a new one. Null: the event alone
 * @param severity    overrides the configured one (by hand, {@code dr incident open --severity}); null: configured
 * @param drill       sent by a drill: every notice is marked DRILL
 * @param facts       machine-readable details for the channels; never secrets
 */
public record IncidentRequest(IncidentEvent event, String description, String impact, String subject, Severity severity,
        boolean drill, Map<String, String> facts) {

    public IncidentRequest {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(description, "description");
        facts = facts == null ? Map.of() : Map.copyOf(facts);
    }

    public static IncidentRequest of(IncidentEvent event, String description) {
        return new IncidentRequest(event, description, null, null, null, false, Map.of());
    }

    public IncidentRequest impact(String newImpact) {
        return new IncidentRequest(event, description, newImpact, subject, severity, drill, facts);
    }

    public IncidentRequest subject(String newSubject) {
        return new IncidentRequest(event, description, impact, newSubject, severity, drill, facts);
    }

    public IncidentRequest severity(Severity newSeverity) {
        return new IncidentRequest(event, description, impact, subject, newSeverity, drill, facts);
    }

    public IncidentRequest asDrill() {
        return new IncidentRequest(event, description, impact, subject, severity, true, facts);
    }

    public IncidentRequest facts(Map<String, String> newFacts) {
        return new IncidentRequest(event, description, impact, subject, severity, drill, newFacts);
    }
}
