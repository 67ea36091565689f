package org.drjenkins.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.notify.Severity;

/**
 * Reads {@code incidents:}:
 * <pre>
 * incidents:
 *   detection: 30s                # page the on-call once the primary fails every check this long
 *   severities: { backupFailed: high, drillFailed: medium }
 *   escalateAfter: { high: 15m, medium: 1h }
 *   customerEmailAfter: 5m
 *   executiveUpdateEvery: 15m
 *   postMortemWithin: 24h
 *   stakeholdersFrom: critical    # lowest severity that reaches stakeholders
 *   executivesFrom: high
 * </pre>
 */
final class IncidentsReader {

    static final String FIELD = "incidents";
    private static final AllowedKeys KEYS = new AllowedKeys("detection", "severities", "escalateAfter",
            "customerEmailAfter", "executiveUpdateEvery", "postMortemWithin", "stakeholdersFrom", "executivesFrom");
    private static final String SEVERITY_NAMES = "critical, high, medium or info";

    private IncidentsReader() {
    }

    static IncidentSettings read(JsonNode node, Problems problems) {
        IncidentSettings d = IncidentSettings.defaults();
        if (Scalars.absent(node)) {
            return d;
        }
        if (!node.isObject()) {
            problems.add(FIELD, "must be a mapping of " + String.join(", ", KEYS.keys()) + ", not " + Scalars.kind(node));
            return d;
        }
        KEYS.check(node, FIELD, problems);
        Duration detection = Scalars.positiveDurationOr(node, FIELD, "detection", d.detection(), "30s", problems).orElse(d.detection());
        Map<IncidentEvent, Severity> severities = severities(node.get("severities"), problems);
        Map<Severity, Duration> escalation = escalation(node.get("escalateAfter"), problems);
        Duration customer = Scalars.positiveDurationOr(node, FIELD, "customerEmailAfter", d.customerEmailAfter(), "5m", problems).orElse(d.customerEmailAfter());
        Duration exec = Scalars.positiveDurationOr(node, FIELD, "executiveUpdateEvery", d.executiveUpdateEvery(), "15m", problems).orElse(d.executiveUpdateEvery());
        Duration postMortem = Scalars.positiveDurationOr(node, FIELD, "postMortemWithin", d.postMortemWithin(), "24h", problems).orElse(d.postMortemWithin());
        Severity stakeholders = optionalSeverity(node.get("stakeholdersFrom"), Problems.field(FIELD, "stakeholdersFrom"), problems).orElse(d.stakeholdersFrom());
        Severity executives = optionalSeverity(node.get("executivesFrom"), Problems.field(FIELD, "executivesFrom"), problems).orElse(d.executivesFrom());
        return new IncidentSettings(severities, detection, escalation, customer, exec, postMortem, stakeholders, executives);
    }

    private static Map<IncidentEvent, Severity> severities(JsonNode node, Problems problems) {
        Map<IncidentEvent, Severity> severities = new EnumMap<>(IncidentEvent.class);
        String field = Problems.field(FIELD, "severities");
        if (Scalars.absent(node)) {
            return severities;
        }
        if (!node.isObject()) {
            problems.add(field, "must be a mapping of event: severity, e.g. { backupFailed: high }, not " + Scalars.kind(node));
            return severities;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Optional<IncidentEvent> event = IncidentEvent.fromYaml(entry.getKey());
            if (event.isEmpty()) {
                problems.add(Problems.field(field, entry.getKey()), AllowedKeys.unknownKeyMessage(entry.getKey(),
                        Arrays.stream(IncidentEvent.values()).map(IncidentEvent::yamlName).toList()));
                continue;
            }
            severity(entry.getValue(), Problems.field(field, entry.getKey()), problems).ifPresent(s -> severities.put(event.get(), s));
        }
        return severities;
    }

    private static Map<Severity, Duration> escalation(JsonNode node, Problems problems) {
        Map<Severity, Duration> slas = new EnumMap<>(Severity.class);
        String field = Problems.field(FIELD, "escalateAfter");
        if (Scalars.absent(node)) {
            return slas;
        }
        if (!node.isObject()) {
            problems.add(field, "must be a mapping of severity: duration, e.g. { high: 15m, medium: 1h }, not " + Scalars.kind(node));
            return slas;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String at = Problems.field(field, entry.getKey());
            Optional<Severity> severity = parseSeverity(entry.getKey());
            if (severity.isEmpty() || severity.get() == Severity.INFO) {
                problems.add(at, "is not a severity that escalates; use critical, high or medium");
                continue;
            }
            Scalars.duration(entry.getValue(), at, problems).ifPresent(delay -> {
                if (delay.isNegative()) {
                    problems.add(at, Scalars.show(entry.getValue()) + " is negative; use 0 (at once) or a positive duration such as 15m");
                } else {
                    slas.put(severity.get(), delay);
                }
            });
        }
        return slas;
    }

    private static Optional<Severity> optionalSeverity(JsonNode node, String field, Problems problems) {
        return Scalars.absent(node) ? Optional.empty() : severity(node, field, problems);
    }

    private static Optional<Severity> severity(JsonNode node, String field, Problems problems) {
        Optional<Severity> severity = Scalars.text(node, field, problems).flatMap(IncidentsReader::parseSeverity);
        if (severity.isEmpty() && node.isValueNode()) {
            problems.add(field, Scalars.show(node) + " is not a severity; write " + SEVERITY_NAMES);
        }
        return severity;
    }

    static Optional<Severity> parseSeverity(String text) {
        return Arrays.stream(Severity.values()).filter(s -> s.yamlName().equalsIgnoreCase(text.strip())).findFirst();
    }
}
