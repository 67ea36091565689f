package io.jenkins.plugins.dr.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.dr.agent.OncallSummary;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.drjenkins.engine.config.ConfigException;
import org.drjenkins.engine.config.ConfigProblem;
import org.drjenkins.engine.config.IncidentEvent;
import org.drjenkins.engine.config.OncallReader;
import org.drjenkins.engine.oncall.Rotation;
import org.drjenkins.engine.oncall.RotationCheck;

/**
 * The checks of the incident response fields: the rotation by the engine's OncallReader and RotationCheck (what
 * {@code dr oncall --check} refuses), every other field by ConfigLoader in a sample plan, as {@link FieldChecks} does.
 */
public final class IncidentChecks {
    /** The engine's severities as dr.yaml writes them, highest first (IncidentResponseYamlTest keeps them in step). */
    public static final List<String> SEVERITIES = List.of("critical", "high", "medium", "info");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String SAMPLE_ENV = "SAMPLE_SECRET";

    private IncidentChecks() {
    }

    /** The plan's severity of an event, as dr.yaml writes it. */
    static String severityName(IncidentEvent event) {
        // Through Object: the engine's Severity lives in its notify package, which only the agent side may use.
        return String.valueOf((Object) event.planSeverity()).toLowerCase(Locale.ROOT);
    }

    /**
     * The rotation's text: parse problems (each with its field under {@code oncall}), then the gaps and double bookings
     * RotationCheck finds; a rotation without either shows who is on call now and next.
     */
    public static Check oncall(String text, Instant now) {
        if (text == null || text.isBlank()) {
            return Check.ok();
        }
        Optional<Rotation> rotation;
        try {
            rotation = OncallReader.parse(text, "the rotation");
        } catch (ConfigException e) {
            List<String> lines = e.problems().stream().map(ConfigProblem::toString).toList();
            return Check.error(lines.size() + (lines.size() == 1 ? " problem: " : " problems: ") + String.join(" | ", lines));
        }
        if (rotation.isEmpty()) {
            return Check.ok();
        }
        List<String> problems = RotationCheck.problems(rotation.get(), now);
        if (!problems.isEmpty()) {
            return Check.error("dr oncall --check refuses this rotation: " + String.join(" | ", problems));
        }
        return Check.ok(OncallSummary.describe(rotation.get(), now));
    }

    /** detection, customerEmailAfter, executiveUpdateEvery, postMortemWithin: a positive duration. */
    public static Check incidentField(String key, String value) {
        if (blank(value)) {
            return Check.ok();
        }
        ObjectNode root = NODES.objectNode();
        root.putObject("incidents").put(key, value.strip());
        return FieldChecks.problemsOf(root, "incidents." + key);
    }

    /** How long a page of this severity waits for an acknowledgement before the next layer is paged. */
    public static Check escalation(String severity, String value) {
        if (blank(value)) {
            return Check.ok();
        }
        ObjectNode root = NODES.objectNode();
        root.putObject("incidents").putObject("escalateAfter").put(severity, value.strip());
        return FieldChecks.problemsOf(root, "incidents.escalateAfter." + severity);
    }

    public static Check severity(String event, String value) {
        if (blank(event) || blank(value)) {
            return Check.error("Choose an event and the severity its incidents open with");
        }
        ObjectNode root = NODES.objectNode();
        root.putObject("incidents").putObject("severities").put(event.strip(), value.strip());
        return FieldChecks.problemsOf(root, "incidents.severities");
    }

    /** A pagerduty or opsgenie endpoint: empty is the service's own. */
    public static Check channelEndpoint(String channel, String value) {
        if (blank(value)) {
            return Check.ok();
        }
        ObjectNode root = NODES.objectNode();
        ObjectNode node = root.putObject("notifications").putObject(channel);
        node.put(channel.equals("pagerduty") ? "routingKeyEnv" : "apiKeyEnv", SAMPLE_ENV);
        node.put("endpoint", value.strip());
        return FieldChecks.problemsOf(root, "notifications." + channel + ".endpoint");
    }

    /** host, port, from, stakeholders, executives of the email channel, judged with sample values for the others. */
    public static Check emailField(String key, String value) {
        if (blank(value)) {
            return Check.ok();
        }
        ObjectNode root = NODES.objectNode();
        ObjectNode email = root.putObject("notifications").putObject("email");
        email.put("host", "smtp.example.com");
        email.put("from", "dr@example.com");
        DrYaml.putEmailField(email, key, value);
        return FieldChecks.problemsOf(root, "notifications.email." + key);
    }

    /** Who a webhook is for: incidents, on-call, stakeholders, executives, comma separated. */
    public static Check webhookAudiences(String value) {
        if (blank(value)) {
            return Check.ok("Empty: incidents");
        }
        ObjectNode root = NODES.objectNode();
        ArrayNode hooks = root.putObject("notifications").putArray("webhooks");
        ObjectNode hook = hooks.addObject();
        hook.put("urlEnv", SAMPLE_ENV);
        ArrayNode audiences = hook.putArray("audiences");
        DrYaml.audiences(value).forEach(audiences::add);
        return FieldChecks.problemsOf(root, "notifications.webhooks[0].audiences");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
