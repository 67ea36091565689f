package org.drjenkins.engine.notify;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/**
 * One incident notice in the DR plan's communication template:
 * <pre>
 * Title: [INCIDENT] Service Name - Brief Description
 * Started: 2024-01-15 14:30 UTC
 * Status: INVESTIGATING / MITIGATING / RESOLVED
 * Impact: ~X users affected / ~Y% of traffic impacted
 * Next Update: 14:45 UTC
 * </pre>
 *
 * @param service     the service name, e.g. {@code Jenkins}
 * @param description the brief description, e.g. {@code primary database down, failing over to eu-west-1}
 * @param started     when the incident started (shown in UTC, to the minute)
 * @param status      investigating, mitigating or resolved
 * @param impact      free text in the plan's form, e.g. {@code ~120 users affected / ~100% of traffic impacted}
 * @param nextUpdate  when the next notice is due; {@code null} when none is planned (typically once resolved)
 * @param details     extra lines after the template (what was done, measured RTO/RPO, links)
 */
public record IncidentMessage(String service, String description, Instant started, IncidentStatus status, String impact,
        Instant nextUpdate, List<String> details) {

    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    public IncidentMessage {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(status, "status");
        details = details == null ? List.of() : List.copyOf(details);
    }

    /** {@code [INCIDENT] Service Name - Brief Description}. */
    public String title() {
        return "[INCIDENT] " + service + " - " + description;
    }

    /** The template's five lines, then the details as {@code - } lines after a blank line. */
    public String text() {
        StringBuilder text = new StringBuilder()
                .append("Title: ").append(title()).append('\n')
                .append("Started: ").append(DAY_AND_TIME.format(started)).append('\n')
                .append("Status: ").append(status.name()).append('\n')
                .append("Impact: ").append(impact == null || impact.isBlank() ? "unknown" : impact).append('\n')
                .append("Next Update: ").append(nextUpdateText());
        if (!details.isEmpty()) {
            text.append("\n");
            for (String detail : details) {
                text.append("\n- ").append(detail);
            }
        }
        return text.toString();
    }

    /** The time alone, as in the template, when it falls on the start's day (UTC); with the date otherwise. */
    public String nextUpdateText() {
        if (nextUpdate == null) {
            return "none";
        }
        boolean sameDay = started.atOffset(ZoneOffset.UTC).toLocalDate().equals(nextUpdate.atOffset(ZoneOffset.UTC).toLocalDate());
        return sameDay ? TIME.format(nextUpdate) : DAY_AND_TIME.format(nextUpdate);
    }

    /** The follow-up notice: same incident, new status and next update. */
    public IncidentMessage update(IncidentStatus newStatus, Instant newNextUpdate, List<String> newDetails) {
        return new IncidentMessage(service, description, started, newStatus, impact, newNextUpdate, newDetails);
    }
}
