package org.drjenkins.engine.config;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.drjenkins.engine.notify.Severity;

/**
 * {@code incidents:}: which event has which severity, and the timings of the plan's response rules and communication
 * protocol. Left-out values keep the plan's numbers.
 *
 * @param severities           per event; every event has one
 * @param detection            how long the primary must fail every check before the on-call is paged (30 s), well
 *                             before the failover threshold
 * @param escalateAfter        per severity, how long a page waits for an acknowledgement before the next layer is
 *                             paged: critical 0 (at once), high 15 m, medium 1 h
 * @param customerEmailAfter   stakeholders are emailed once an incident lasts longer than this (5 m)
 * @param executiveUpdateEvery executives get an update this often until the incident is resolved (15 m)
 * @param postMortemWithin     the post-mortem is due this long after the resolution (24 h)
 * @param stakeholdersFrom     the lowest severity whose incidents reach stakeholders (critical)
 * @param executivesFrom       the lowest severity whose incidents reach executives (high)
 */
public record IncidentSettings(Map<IncidentEvent, Severity> severities, Duration detection,
        Map<Severity, Duration> escalateAfter, Duration customerEmailAfter, Duration executiveUpdateEvery,
        Duration postMortemWithin, Severity stakeholdersFrom, Severity executivesFrom) {

    public static final Duration DETECTION = Duration.ofSeconds(30);
    public static final Duration CUSTOMER_EMAIL_AFTER = Duration.ofMinutes(5);
    public static final Duration EXECUTIVE_UPDATE_EVERY = Duration.ofMinutes(15);
    public static final Duration POST_MORTEM_WITHIN = Duration.ofHours(24);

    public IncidentSettings {
        EnumMap<IncidentEvent, Severity> all = new EnumMap<>(IncidentEvent.class);
        for (IncidentEvent event : IncidentEvent.values()) {
            all.put(event, event.planSeverity());
        }
        all.putAll(severities);
        severities = Collections.unmodifiableMap(all);
        EnumMap<Severity, Duration> slas = new EnumMap<>(planEscalation());
        slas.putAll(escalateAfter);
        escalateAfter = Collections.unmodifiableMap(slas);
    }

    public static IncidentSettings defaults() {
        return new IncidentSettings(Map.of(), DETECTION, Map.of(), CUSTOMER_EMAIL_AFTER, EXECUTIVE_UPDATE_EVERY,
                POST_MORTEM_WITHIN, Severity.CRITICAL, Severity.HIGH);
    }

    /** Critical escalates at once, high after 15 minutes, medium after an hour; info pages nobody. */
    public static Map<Severity, Duration> planEscalation() {
        EnumMap<Severity, Duration> plan = new EnumMap<>(Severity.class);
        plan.put(Severity.CRITICAL, Duration.ZERO);
        plan.put(Severity.HIGH, Duration.ofMinutes(15));
        plan.put(Severity.MEDIUM, Duration.ofHours(1));
        return plan;
    }

    public Severity severityOf(IncidentEvent event) {
        return severities.get(event);
    }

    /** Empty for severities that never escalate ({@link Severity#INFO}). */
    public java.util.Optional<Duration> escalationDelay(Severity severity) {
        return java.util.Optional.ofNullable(escalateAfter.get(severity));
    }

    /** A copy with other response timings, e.g. a drill's shortened SLA. */
    public IncidentSettings withEscalateAfter(Severity severity, Duration delay) {
        EnumMap<Severity, Duration> slas = new EnumMap<>(escalateAfter);
        slas.put(severity, delay);
        return new IncidentSettings(severities, detection, slas, customerEmailAfter, executiveUpdateEvery,
                postMortemWithin, stakeholdersFrom, executivesFrom);
    }

    /** Severities are ordered CRITICAL first: {@code reaches(HIGH, CRITICAL)} is false. */
    public static boolean atLeast(Severity severity, Severity lowest) {
        return severity.ordinal() <= lowest.ordinal();
    }
}
