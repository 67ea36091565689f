package org.drjenkins.engine.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Opsgenie's Alert API: a trigger creates an alert ({@code POST /v2/alerts}, message at most 130 characters, the incident
 * id as {@code alias} so later events find it, priority P1..P5 from the severity, the template as description); an
 * acknowledge or resolve posts to {@code /v2/alerts/{alias}/acknowledge} or {@code /close} with
 * {@code identifierType=alias}. Auth is {@code Authorization: GenieKey <key>}; the key is never shown. Opsgenie answers
 * 202 for every accepted request.
 */
public final class OpsgenieChannel implements NoticeChannel {

    public static final URI DEFAULT_ENDPOINT = URI.create("https://api.opsgenie.com");
    public static final int MAX_MESSAGE = 130;
    public static final int MAX_ALIAS = 512;
    public static final int MAX_DESCRIPTION = 15000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final URI base;
    private final String apiKey;
    private final String source;
    private final Set<Audience> audiences;
    private final HttpPost http;

    public OpsgenieChannel(String name, URI endpoint, String apiKey, String source, Set<Audience> audiences, Duration timeout) {
        this.name = name == null || name.isBlank() ? "opsgenie" : name;
        URI given = endpoint == null ? DEFAULT_ENDPOINT : endpoint;
        String path = given.getPath() == null ? "" : given.getPath().replaceAll("/+$", "");
        this.base = given.resolve(path + "/");
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.source = Objects.requireNonNull(source, "source");
        this.audiences = audiences == null || audiences.isEmpty() ? Set.of(Audience.ON_CALL) : Set.copyOf(audiences);
        this.http = new HttpPost(timeout);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Audience> audiences() {
        return audiences;
    }

    /** Opsgenie's priority for a severity: P1 is the highest. */
    public static String priority(Severity severity) {
        return switch (severity) {
            case CRITICAL -> "P1";
            case HIGH -> "P2";
            case MEDIUM -> "P3";
            case INFO -> "P5";
        };
    }

    @Override
    public Delivery deliver(Notice notice) {
        if (notice.incidentId().length() > MAX_ALIAS) {
            return new Delivery(name, false, 0, "incident id longer than " + MAX_ALIAS + " characters: Opsgenie would refuse it as alias",
                    Duration.ZERO);
        }
        URI url = url(notice);
        String body;
        try {
            body = JSON.writeValueAsString(body(notice));
        } catch (JsonProcessingException e) {
            return new Delivery(name, false, 0, "cannot write the alert as JSON: " + e.getOriginalMessage(), Duration.ZERO);
        }
        return http.post(name, url, Map.of("Authorization", "GenieKey " + apiKey), body, List.of(apiKey));
    }

    URI url(Notice notice) {
        if (notice.action() == NoticeAction.TRIGGER) {
            return base.resolve("v2/alerts");
        }
        String verb = notice.action() == NoticeAction.ACKNOWLEDGE ? "acknowledge" : "close";
        String alias = URLEncoder.encode(notice.incidentId(), StandardCharsets.UTF_8).replace("+", "%20");
        return base.resolve("v2/alerts/" + alias + "/" + verb + "?identifierType=alias");
    }

    Map<String, Object> body(Notice notice) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (notice.action() != NoticeAction.TRIGGER) {
            body.put("source", source);
            body.put("note", NoticeText.cut(NoticeText.title(notice) + " - " + notice.message().status().name(), 25000));
            return body;
        }
        body.put("message", NoticeText.cut(NoticeText.title(notice), MAX_MESSAGE));
        body.put("alias", notice.incidentId());
        body.put("description", NoticeText.cut(NoticeText.text(notice), MAX_DESCRIPTION));
        body.put("priority", priority(notice.severity()));
        body.put("source", source);
        List<String> tags = new ArrayList<>(List.of("disaster-recovery", notice.severity().yamlName()));
        if (notice.drill()) {
            tags.add("drill");
        }
        body.put("tags", tags);
        Map<String, String> details = new TreeMap<>(notice.facts());
        details.put("incident", notice.incidentId());
        details.put("drill", Boolean.toString(notice.drill()));
        if (!notice.to().isEmpty()) {
            details.put("paged", String.join(", ", notice.to().stream().map(Contact::name).toList()));
        }
        body.put("details", details);
        return body;
    }

    @Override
    public String toString() {
        return "OpsgenieChannel[" + name + " " + Webhook.redact(base) + " " + audiences + "]";
    }
}
