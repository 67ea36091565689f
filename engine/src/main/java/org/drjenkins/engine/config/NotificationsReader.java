package org.drjenkins.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.drjenkins.engine.notify.Webhook;

/**
 * Reads {@code notifications: { service, webhooks: [ { name, url | urlEnv, format, audiences } ], pagerduty, opsgenie,
 * email }} (the last three in {@link ChannelsReader}). A webhook URL is never
 * repeated in a message: Slack's carries its token in the path.
 */
final class NotificationsReader {

    static final String FIELD = "notifications";
    private static final AllowedKeys KEYS = new AllowedKeys("service", "webhooks", "pagerduty", "opsgenie", "email");
    private static final AllowedKeys WEBHOOK_KEYS = new AllowedKeys("name", "url", "urlEnv", "format", "audiences");
    private static final String EXAMPLE = "{ name: incidents, urlEnv: SLACK_WEBHOOK_URL, format: slack }";

    private NotificationsReader() {
    }

    static Notifications read(JsonNode node, Problems problems) {
        if (Scalars.absent(node)) {
            return Notifications.none();
        }
        if (!node.isObject()) {
            problems.add(FIELD, "must be a mapping like { service: ci-failure-agent, webhooks: [ " + EXAMPLE + " ] }, not "
                    + Scalars.kind(node));
            return Notifications.none();
        }
        KEYS.check(node, FIELD, problems);
        String service = Notifications.DEFAULT_SERVICE;
        JsonNode serviceNode = node.get("service");
        if (!Scalars.absent(serviceNode)) {
            String field = Problems.field(FIELD, "service");
            Optional<String> text = Scalars.text(serviceNode, field, problems);
            if (text.isPresent() && text.get().isBlank()) {
                problems.add(field, "is blank; name the service the notices are about, e.g. ci-failure-agent");
            } else if (text.isPresent()) {
                service = text.get().strip();
            }
        }
        List<WebhookTarget> webhooks = webhooks(node.get("webhooks"), Problems.field(FIELD, "webhooks"), problems);
        return new Notifications(service, webhooks,
                ChannelsReader.pagerDuty(node.get("pagerduty"), Problems.field(FIELD, "pagerduty"), problems),
                ChannelsReader.opsgenie(node.get("opsgenie"), Problems.field(FIELD, "opsgenie"), problems),
                ChannelsReader.email(node.get("email"), Problems.field(FIELD, "email"), problems));
    }

    private static List<WebhookTarget> webhooks(JsonNode node, String field, Problems problems) {
        List<WebhookTarget> webhooks = new ArrayList<>();
        if (Scalars.absent(node)) {
            return webhooks;
        }
        if (!node.isArray()) {
            problems.add(field, "must be a list like [ " + EXAMPLE + " ], not " + Scalars.kind(node));
            return webhooks;
        }
        Map<String, String> names = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String element = Problems.element(field, i);
            webhook(node.get(i), element, i, problems).ifPresent(webhook -> {
                String earlier = names.putIfAbsent(webhook.name(), element);
                if (earlier != null) {
                    problems.add(Problems.field(element, "name"), "\"" + webhook.name() + "\" is already the name of "
                            + earlier + "; give each webhook its own name, so reports say which one failed");
                } else {
                    webhooks.add(webhook);
                }
            });
        }
        return webhooks;
    }

    private static Optional<WebhookTarget> webhook(JsonNode node, String field, int index, Problems problems) {
        if (!node.isObject()) {
            problems.add(field, "must be a mapping like " + EXAMPLE + ", not " + Scalars.kind(node));
            return Optional.empty();
        }
        int before = problems.count();
        Set<String> suggested = WEBHOOK_KEYS.check(node, field, problems);
        boolean hasUrl = !Scalars.absent(node.get("url"));
        boolean hasEnv = !Scalars.absent(node.get("urlEnv"));
        if (hasUrl && hasEnv) {
            problems.add(field, "has both url and urlEnv; keep urlEnv (the URL holds a token, the environment keeps it out "
                    + "of the file) or url, not both");
            return Optional.empty();
        }
        if (!hasUrl && !hasEnv) {
            if (!suggested.contains("url") && !suggested.contains("urlEnv")) {
                problems.add(field, "has no URL; add urlEnv: NAME_OF_AN_ENVIRONMENT_VARIABLE holding it (its token stays out "
                        + "of the file) or url:");
            }
            return Optional.empty();
        }
        URI url = hasUrl ? Scalars.text(node.get("url"), Problems.field(field, "url"), problems)
                .flatMap(text -> url(text, Problems.field(field, "url"), problems)).orElse(null) : null;
        String env = hasEnv ? Scalars.text(node.get("urlEnv"), Problems.field(field, "urlEnv"), problems)
                .filter(name -> envName(name, Problems.field(field, "urlEnv"), problems)).orElse(null) : null;
        Webhook.Format format = Webhook.Format.SLACK;
        JsonNode formatNode = node.get("format");
        if (!Scalars.absent(formatNode)) {
            String formatField = Problems.field(field, "format");
            Optional<String> text = Scalars.text(formatNode, formatField, problems);
            if (text.isPresent()) {
                try {
                    format = Webhook.Format.valueOf(text.get().strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    problems.add(formatField, "\"" + text.get() + "\" is not a webhook format; use slack (Slack, Mattermost, "
                            + "Rocket.Chat, Teams workflows) or json (every field of the notice)");
                }
            }
        }
        java.util.Set<org.drjenkins.engine.notify.Audience> audiences = ChannelsReader.audiences(node.get("audiences"),
                Problems.field(field, "audiences"), problems);
        String name = null;
        JsonNode nameNode = node.get("name");
        if (!Scalars.absent(nameNode)) {
            name = Scalars.text(nameNode, Problems.field(field, "name"), problems).map(String::strip).orElse(null);
        }
        if (problems.count() != before) {
            return Optional.empty();
        }
        if (name == null || name.isBlank()) {
            name = url != null ? url.getHost() : env != null ? env : "webhook-" + (index + 1);
        }
        return Optional.of(new WebhookTarget(name, url, env, format, audiences));
    }

    private static Optional<URI> url(String text, String field, Problems problems) {
        URI uri = null;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            // Reported below.
        }
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            problems.add(field, "is not an http(s) URL with a host (not repeated here: webhook URLs hold tokens); write it "
                    + "like https://hooks.slack.com/services/..., or better move it to an environment variable named by urlEnv");
            return Optional.empty();
        }
        return Optional.of(uri);
    }

    private static boolean envName(String name, String field, Problems problems) {
        if (name.strip().matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return true;
        }
        if (name.contains("://")) {
            problems.add(field, "holds a URL, but urlEnv names the environment variable that holds it, e.g. "
                    + "urlEnv: SLACK_WEBHOOK_URL");
        } else {
            problems.add(field, "\"" + name + "\" is not an environment variable name; use letters, digits and _, e.g. "
                    + "SLACK_WEBHOOK_URL");
        }
        return false;
    }
}
