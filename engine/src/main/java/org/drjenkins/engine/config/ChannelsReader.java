package org.drjenkins.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.drjenkins.engine.notify.Audience;
import org.drjenkins.engine.notify.ChannelSettings;

/**
 * Reads the paging and email channels of {@code notifications:} ({@code pagerduty}, {@code opsgenie}, {@code email})
 * and a webhook's {@code audiences}. Secrets are only ever named by the environment variable that holds them.
 */
final class ChannelsReader {

    private static final AllowedKeys PAGERDUTY_KEYS = new AllowedKeys("routingKeyEnv", "endpoint");
    private static final AllowedKeys OPSGENIE_KEYS = new AllowedKeys("apiKeyEnv", "endpoint");
    private static final AllowedKeys EMAIL_KEYS = new AllowedKeys("host", "port", "starttls", "username", "usernameEnv", "passwordEnv",
            "from", "stakeholders", "executives");
    private static final String AUDIENCE_NAMES = Arrays.stream(Audience.values()).map(ChannelsReader::yaml).collect(Collectors.joining(", "));

    private ChannelsReader() {
    }

    static String yaml(Audience audience) {
        return audience.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static ChannelSettings.PagerDuty pagerDuty(JsonNode node, String field, Problems problems) {
        if (Scalars.absent(node)) {
            return null;
        }
        if (!mapping(node, field, "{ routingKeyEnv: PAGERDUTY_ROUTING_KEY }", problems)) {
            return null;
        }
        int before = problems.count();
        PAGERDUTY_KEYS.check(node, field, problems);
        String env = requiredEnv(node, field, "routingKeyEnv", "PAGERDUTY_ROUTING_KEY", "the integration key of the PagerDuty service",
                problems);
        URI endpoint = endpoint(node.get("endpoint"), Problems.field(field, "endpoint"), "https://events.pagerduty.com", problems);
        return problems.count() == before ? new ChannelSettings.PagerDuty(env, endpoint) : null;
    }

    static ChannelSettings.Opsgenie opsgenie(JsonNode node, String field, Problems problems) {
        if (Scalars.absent(node)) {
            return null;
        }
        if (!mapping(node, field, "{ apiKeyEnv: OPSGENIE_API_KEY }", problems)) {
            return null;
        }
        int before = problems.count();
        OPSGENIE_KEYS.check(node, field, problems);
        String env = requiredEnv(node, field, "apiKeyEnv", "OPSGENIE_API_KEY", "the API key of an Opsgenie API integration", problems);
        URI endpoint = endpoint(node.get("endpoint"), Problems.field(field, "endpoint"), "https://api.eu.opsgenie.com", problems);
        return problems.count() == before ? new ChannelSettings.Opsgenie(env, endpoint) : null;
    }

    static ChannelSettings.Email email(JsonNode node, String field, Problems problems) {
        if (Scalars.absent(node)) {
            return null;
        }
        String example = "{ host: smtp.example.com, port: 587, starttls: true, usernameEnv: SMTP_USER, passwordEnv: SMTP_PASSWORD, "
                + "from: dr@example.com, stakeholders: [ status@example.com ], executives: [ cto@example.com ] }";
        if (!mapping(node, field, example, problems)) {
            return null;
        }
        int before = problems.count();
        EMAIL_KEYS.check(node, field, problems);
        String host = requiredText(node, field, "host", "the SMTP server, e.g. host: smtp.example.com", problems);
        int port = 587;
        if (!Scalars.absent(node.get("port"))) {
            String portField = Problems.field(field, "port");
            Optional<Integer> value = Scalars.integer(node.get("port"), portField, problems);
            if (value.isPresent() && (value.get() < 1 || value.get() > 65535)) {
                problems.add(portField, value.get() + " is not a TCP port; use 587 (submission with STARTTLS) or 25");
            } else if (value.isPresent()) {
                port = value.get();
            }
        }
        boolean starttls = true;
        if (!Scalars.absent(node.get("starttls"))) {
            starttls = Scalars.bool(node.get("starttls"), Problems.field(field, "starttls"), problems).orElse(true);
        }
        String username = null;
        if (!Scalars.absent(node.get("username"))) {
            username = Scalars.text(node.get("username"), Problems.field(field, "username"), problems).map(String::strip).orElse(null);
        }
        String usernameEnv = optionalEnv(node.get("usernameEnv"), Problems.field(field, "usernameEnv"), "SMTP_USER", problems);
        if (username != null && usernameEnv != null) {
            problems.add(field, "has both username and usernameEnv; keep one");
        }
        String passwordEnv = optionalEnv(node.get("passwordEnv"), Problems.field(field, "passwordEnv"), "SMTP_PASSWORD", problems);
        if (!Scalars.absent(node.get("password"))) {
            // Reported by the key check already; say why there is no such key.
            problems.add(Problems.field(field, "password"), "a password does not belong in dr.yaml; put it in an environment variable "
                    + "and name it with passwordEnv: SMTP_PASSWORD");
        }
        if (passwordEnv != null && username == null && usernameEnv == null) {
            problems.add(field, "has passwordEnv but no username; add username: or usernameEnv: for the SMTP login");
        }
        String from = requiredText(node, field, "from", "the sender address, e.g. from: dr@example.com", problems);
        if (from != null) {
            address(from, Problems.field(field, "from"), problems);
        }
        List<String> stakeholders = addresses(node.get("stakeholders"), Problems.field(field, "stakeholders"), problems);
        List<String> executives = addresses(node.get("executives"), Problems.field(field, "executives"), problems);
        return problems.count() == before
                ? new ChannelSettings.Email(host, port, starttls, username, usernameEnv, passwordEnv, from, stakeholders, executives) : null;
    }

    static Set<Audience> audiences(JsonNode node, String field, Problems problems) {
        if (Scalars.absent(node)) {
            return Set.of(Audience.INCIDENTS);
        }
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        } else if (node.isValueNode()) {
            items.add(node);
        } else {
            problems.add(field, "must be a list like [ incidents, executives ], not " + Scalars.kind(node));
            return Set.of();
        }
        EnumSet<Audience> audiences = EnumSet.noneOf(Audience.class);
        for (int i = 0; i < items.size(); i++) {
            String element = node.isArray() ? Problems.element(field, i) : field;
            Optional<String> text = Scalars.text(items.get(i), element, problems);
            if (text.isEmpty()) {
                continue;
            }
            String name = text.get().strip().toUpperCase(Locale.ROOT).replace('-', '_');
            try {
                audiences.add(Audience.valueOf(name));
            } catch (IllegalArgumentException e) {
                problems.add(element, "\"" + text.get() + "\" is not an audience; use " + AUDIENCE_NAMES);
            }
        }
        if (audiences.isEmpty() && items.isEmpty()) {
            problems.add(field, "is empty; list who the webhook is for, e.g. [ incidents ], or leave audiences out for incidents");
        }
        return audiences;
    }

    private static boolean mapping(JsonNode node, String field, String example, Problems problems) {
        if (node.isObject()) {
            return true;
        }
        problems.add(field, "must be a mapping like " + example + ", not " + Scalars.kind(node));
        return false;
    }

    private static String requiredEnv(JsonNode node, String field, String key, String example, String what, Problems problems) {
        JsonNode value = node.get(key);
        String keyField = Problems.field(field, key);
        if (Scalars.absent(value)) {
            problems.add(field, "has no " + key + "; add " + key + ": " + example + ", naming the environment variable (or Jenkins "
                    + "credential bound to one) that holds " + what);
            return null;
        }
        return optionalEnv(value, keyField, example, problems);
    }

    private static String optionalEnv(JsonNode value, String field, String example, Problems problems) {
        if (Scalars.absent(value)) {
            return null;
        }
        Optional<String> text = Scalars.text(value, field, problems);
        if (text.isEmpty()) {
            return null;
        }
        String name = text.get().strip();
        if (name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return name;
        }
        // Never repeat the value: it may be the secret itself, written where its variable's name belongs.
        problems.add(field, "is not an environment variable name (the value is not repeated: it may be a secret); name the "
                + "variable that holds it, e.g. " + example);
        return null;
    }

    private static String requiredText(JsonNode node, String field, String key, String fix, Problems problems) {
        JsonNode value = node.get(key);
        if (Scalars.absent(value)) {
            problems.add(field, "has no " + key + "; add " + fix);
            return null;
        }
        Optional<String> text = Scalars.text(value, Problems.field(field, key), problems).map(String::strip);
        if (text.isPresent() && text.get().isEmpty()) {
            problems.add(Problems.field(field, key), "is blank; write " + fix);
            return null;
        }
        return text.orElse(null);
    }

    private static URI endpoint(JsonNode node, String field, String example, Problems problems) {
        if (Scalars.absent(node)) {
            return null;
        }
        Optional<String> text = Scalars.text(node, field, problems);
        if (text.isEmpty()) {
            return null;
        }
        URI uri = null;
        try {
            uri = new URI(text.get().strip());
        } catch (URISyntaxException e) {
            // Reported below.
        }
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawQuery() != null) {
            problems.add(field, "is not an http(s) URL with a host and no query; write it like " + example);
            return null;
        }
        return uri;
    }

    private static List<String> addresses(JsonNode node, String field, Problems problems) {
        List<String> addresses = new ArrayList<>();
        if (Scalars.absent(node)) {
            return addresses;
        }
        if (!node.isArray()) {
            problems.add(field, "must be a list of addresses like [ status@example.com ], not " + Scalars.kind(node));
            return addresses;
        }
        for (int i = 0; i < node.size(); i++) {
            String element = Problems.element(field, i);
            Scalars.text(node.get(i), element, problems).map(String::strip).filter(a -> address(a, element, problems)).ifPresent(addresses::add);
        }
        return addresses;
    }

    private static boolean address(String address, String field, Problems problems) {
        if (address.matches("[^@\\s<>]+@[^@\\s<>]+\\.[^@\\s<>]+")) {
            return true;
        }
        problems.add(field, "\"" + address + "\" is not an email address; write it like status@example.com");
        return false;
    }
}
