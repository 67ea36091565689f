package io.jenkins.plugins.dr.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jenkins.plugins.dr.credentials.ChannelSecrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The incident response half of {@link DrYaml}: {@code oncall:}, {@code incidents:} and the paging and email channels
 * of {@code notifications:}, rendered as typed (ConfigLoader stays the judge) and read back from an imported dr.yaml.
 * Secrets are only ever named by the variables {@link ChannelSecrets} fills when a step runs.
 */
final class IncidentResponseYaml {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private IncidentResponseYaml() {
    }

    /**
     * The rotation's text as the {@code oncall:} node: the textarea holds dr.yaml's syntax with or without the
     * {@code oncall:} key. Text that is not YAML is passed on as a string, for ConfigLoader to refuse with its field.
     */
    static Optional<JsonNode> oncall(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode tree = YAML.readTree(text);
            if (tree == null || tree.isMissingNode()) {
                return Optional.empty();
            }
            return Optional.of(tree.isObject() && tree.has("oncall") && tree.size() == 1 ? tree.get("oncall") : tree);
        } catch (JacksonException e) {
            return Optional.of(TextNode.valueOf(text));
        }
    }

    static ObjectNode incidents(IncidentEntry entry) {
        ObjectNode node = NODES.objectNode();
        if (entry == null) {
            return node;
        }
        DrYaml.putText(node, "detection", entry.getDetection());
        ObjectNode severities = NODES.objectNode();
        for (SeverityEntry severity : entry.getSeverities()) {
            if (severity.getEvent() != null) {
                DrYaml.putText(severities, severity.getEvent(), severity.getSeverity());
            }
        }
        if (!severities.isEmpty()) {
            node.set("severities", severities);
        }
        ObjectNode escalation = NODES.objectNode();
        DrYaml.putText(escalation, "critical", entry.getEscalateCritical());
        DrYaml.putText(escalation, "high", entry.getEscalateHigh());
        DrYaml.putText(escalation, "medium", entry.getEscalateMedium());
        if (!escalation.isEmpty()) {
            node.set("escalateAfter", escalation);
        }
        DrYaml.putText(node, "customerEmailAfter", entry.getCustomerEmailAfter());
        DrYaml.putText(node, "executiveUpdateEvery", entry.getExecutiveUpdateEvery());
        DrYaml.putText(node, "postMortemWithin", entry.getPostMortemWithin());
        DrYaml.putText(node, "stakeholdersFrom", entry.getStakeholdersFrom());
        DrYaml.putText(node, "executivesFrom", entry.getExecutivesFrom());
        return node;
    }

    /** pagerduty, opsgenie and email into {@code notifications}, each secret by its variable's name. */
    static void channels(IncidentResponseForm form, ObjectNode notifications) {
        if (form.pagerDuty() != null) {
            ObjectNode node = notifications.putObject("pagerduty");
            node.put("routingKeyEnv", ChannelSecrets.PAGERDUTY_ROUTING_KEY);
            DrYaml.putText(node, "endpoint", form.pagerDuty().getEndpoint());
        }
        if (form.opsgenie() != null) {
            ObjectNode node = notifications.putObject("opsgenie");
            node.put("apiKeyEnv", ChannelSecrets.OPSGENIE_API_KEY);
            DrYaml.putText(node, "endpoint", form.opsgenie().getEndpoint());
        }
        EmailEntry email = form.email();
        if (email != null) {
            ObjectNode node = notifications.putObject("email");
            DrYaml.putText(node, "host", email.getHost());
            DrYaml.putEmailField(node, "port", email.getPort());
            node.put("starttls", email.isStarttls());
            if (email.usesLogin()) {
                node.put("usernameEnv", ChannelSecrets.SMTP_USER);
                node.put("passwordEnv", ChannelSecrets.SMTP_PASSWORD);
            }
            DrYaml.putText(node, "from", email.getFrom());
            DrYaml.putEmailField(node, "stakeholders", email.getStakeholders());
            DrYaml.putEmailField(node, "executives", email.getExecutives());
        }
    }

    /** The incident response of a dr.yaml ConfigLoader accepted, as typed; channels without credentials ids. */
    static IncidentResponseForm fromTree(JsonNode root) {
        String oncall = null;
        if (root.hasNonNull("oncall")) {
            ObjectNode wrapped = NODES.objectNode();
            wrapped.set("oncall", root.get("oncall"));
            oncall = DrYaml.write(wrapped).strip();
        }
        JsonNode notifications = root.path("notifications");
        PagerDutyEntry pagerDuty = null;
        if (notifications.hasNonNull("pagerduty")) {
            pagerDuty = new PagerDutyEntry(null);
            pagerDuty.setEndpoint(text(notifications.path("pagerduty").path("endpoint")));
        }
        OpsgenieEntry opsgenie = null;
        if (notifications.hasNonNull("opsgenie")) {
            opsgenie = new OpsgenieEntry(null);
            opsgenie.setEndpoint(text(notifications.path("opsgenie").path("endpoint")));
        }
        EmailEntry email = null;
        JsonNode mail = notifications.path("email");
        if (mail.isObject()) {
            email = new EmailEntry();
            email.setHost(text(mail.path("host")));
            email.setPort(text(mail.path("port")));
            email.setStarttls(!mail.has("starttls") || mail.path("starttls").asBoolean(true));
            email.setFrom(text(mail.path("from")));
            email.setStakeholders(lines(mail.path("stakeholders")));
            email.setExecutives(lines(mail.path("executives")));
        }
        return new IncidentResponseForm(oncall, incidentEntry(root.path("incidents")), pagerDuty, opsgenie, email);
    }

    private static IncidentEntry incidentEntry(JsonNode node) {
        if (!node.isObject()) {
            return null;
        }
        IncidentEntry entry = new IncidentEntry();
        entry.setDetection(text(node.path("detection")));
        entry.setCustomerEmailAfter(text(node.path("customerEmailAfter")));
        entry.setExecutiveUpdateEvery(text(node.path("executiveUpdateEvery")));
        entry.setPostMortemWithin(text(node.path("postMortemWithin")));
        entry.setStakeholdersFrom(text(node.path("stakeholdersFrom")));
        entry.setExecutivesFrom(text(node.path("executivesFrom")));
        JsonNode escalation = node.path("escalateAfter");
        entry.setEscalateCritical(text(escalation.path("critical")));
        entry.setEscalateHigh(text(escalation.path("high")));
        entry.setEscalateMedium(text(escalation.path("medium")));
        List<SeverityEntry> severities = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : node.path("severities").properties()) {
            severities.add(new SeverityEntry(field.getKey(), text(field.getValue())));
        }
        entry.setSeverities(severities);
        return entry;
    }

    private static String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? Text.trimmed(node.asText()) : null;
    }

    private static String lines(JsonNode node) {
        if (!node.isArray()) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        node.forEach(item -> lines.add(item.asText()));
        return lines.isEmpty() ? null : String.join("\n", lines);
    }
}
