package org.drjenkins.engine.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * PagerDuty Events API v2: {@code POST {endpoint}/v2/enqueue} with the integration's routing key, {@code event_action}
 * trigger, acknowledge or resolve, and the incident id as {@code dedup_key}, so every event of one incident lands on
 * the same PagerDuty alert. A trigger carries {@code payload} (summary: the template's title, at most 1024 characters;
 * source; severity critical/error/warning/info; timestamp; custom_details: the notice's facts, the template's lines,
 * who is paged, the drill flag). PagerDuty answers 202 when it took the event, 400 when the event is invalid (not
 * worth retrying), 429 when throttled and 5xx when it has trouble (both worth retrying).
 *
 * <p>The routing key grants the right to page people: it is never in a detail, message or {@link #toString()}.
 */
public final class PagerDutyChannel implements NoticeChannel {

    public static final URI DEFAULT_ENDPOINT = URI.create("https://events.pagerduty.com");
    public static final int MAX_SUMMARY = 1024;
    /** PagerDuty's limit for {@code dedup_key}. */
    public static final int MAX_DEDUP_KEY = 255;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final URI enqueue;
    private final String routingKey;
    private final String source;
    private final Set<Audience> audiences;
    private final HttpPost http;
    private final Clock clock;

    /**
     * @param endpoint   scheme and host of the Events API (default {@link #DEFAULT_ENDPOINT}); {@code /v2/enqueue} is added
     * @param routingKey the integration key of the PagerDuty service (a secret)
     * @param source     {@code payload.source}: the affected system, e.g. the service named in notices
     */
    public PagerDutyChannel(String name, URI endpoint, String routingKey, String source, Set<Audience> audiences, Duration timeout,
            Clock clock) {
        this.name = name == null || name.isBlank() ? "pagerduty" : name;
        URI base = endpoint == null ? DEFAULT_ENDPOINT : endpoint;
        String path = base.getPath() == null ? "" : base.getPath().replaceAll("/+$", "");
        this.enqueue = base.resolve(path + "/v2/enqueue");
        this.routingKey = Objects.requireNonNull(routingKey, "routingKey");
        this.source = Objects.requireNonNull(source, "source");
        this.audiences = audiences == null || audiences.isEmpty() ? Set.of(Audience.ON_CALL) : Set.copyOf(audiences);
        this.http = new HttpPost(timeout);
        this.clock = clock;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Audience> audiences() {
        return audiences;
    }

    @Override
    public Delivery deliver(Notice notice) {
        if (notice.incidentId().length() > MAX_DEDUP_KEY) {
            return new Delivery(name, false, 0, "incident id longer than " + MAX_DEDUP_KEY + " characters: PagerDuty would refuse"
                    + " it as dedup_key", Duration.ZERO);
        }
        String body;
        try {
            body = JSON.writeValueAsString(event(notice));
        } catch (JsonProcessingException e) {
            return new Delivery(name, false, 0, "cannot write the event as JSON: " + e.getOriginalMessage(), Duration.ZERO);
        }
        return http.post(name, enqueue, Map.of(), body, List.of(routingKey));
    }

    Map<String, Object> event(Notice notice) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("routing_key", routingKey);
        event.put("event_action", notice.action().name().toLowerCase(Locale.ROOT));
        event.put("dedup_key", notice.incidentId());
        if (notice.action() == NoticeAction.TRIGGER) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("summary", NoticeText.cut(NoticeText.title(notice), MAX_SUMMARY));
            payload.put("source", source);
            payload.put("severity", notice.severity().pagerDutySeverity());
            payload.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(clock.instant()));
            payload.put("component", notice.message().service());
            payload.put("class", notice.drill() ? "dr-drill" : "dr-incident");
            payload.put("custom_details", customDetails(notice));
            event.put("payload", payload);
            event.put("client", "Disaster Recovery for Jenkins");
        }
        return event;
    }

    private static Map<String, Object> customDetails(Notice notice) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("drill", notice.drill());
        details.put("incident", notice.incidentId());
        details.put("status", notice.message().status().name());
        details.put("template", List.of(NoticeText.text(notice).split("\n")));
        details.put("paged", notice.to().stream().map(Contact::name).toList());
        details.put("facts", new TreeMap<>(notice.facts()));
        return details;
    }

    /** {@code scheme://host[:port]} of the endpoint: what logs may show. */
    public String redactedEndpoint() {
        return Webhook.redact(enqueue);
    }

    @Override
    public String toString() {
        return "PagerDutyChannel[" + name + " " + redactedEndpoint() + " " + audiences + "]";
    }
}
