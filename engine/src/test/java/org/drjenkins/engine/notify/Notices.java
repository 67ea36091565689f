package org.drjenkins.engine.notify;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Notices of one incident for the channel tests. */
final class Notices {

    static final String INCIDENT = "dr-2024-01-15-1430-primary-down";
    static final IncidentMessage MESSAGE = new IncidentMessage("Jenkins", "Primary region down", Instant.parse("2024-01-15T14:30:00Z"),
            IncidentStatus.MITIGATING, "~120 users affected / ~100% of traffic impacted", Instant.parse("2024-01-15T14:45:00Z"),
            List.of("failing over to eu-west-1"));
    static final List<Contact> ON_CALL = List.of(new Contact("Alice", "alice@example.org"), new Contact("Bob", null));

    private Notices() {
    }

    static Notice notice(NoticeAction action, Severity severity, Audience audience, boolean drill) {
        return new Notice(INCIDENT, action, severity, audience, MESSAGE, audience == Audience.ON_CALL ? ON_CALL : List.of(), drill,
                Map.of("region", "eu-west-1", "detectedAfter", "PT5M"));
    }

    static Notice trigger(Audience audience) {
        return notice(NoticeAction.TRIGGER, Severity.HIGH, audience, false);
    }
}
