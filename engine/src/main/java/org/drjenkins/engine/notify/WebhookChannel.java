package org.drjenkins.engine.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A chat or generic webhook as a channel. Slack-format hooks get the template as {@code text}; JSON hooks get every
 * field of the template plus the notice's incident id, action, severity, audience and drill flag, so a team without
 * PagerDuty can build its own paging on it.
 */
public final class WebhookChannel implements NoticeChannel {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Webhook webhook;
    private final Set<Audience> audiences;
    private final HttpPost http;

    public WebhookChannel(Webhook webhook, Set<Audience> audiences, Duration timeout) {
        this.webhook = Objects.requireNonNull(webhook, "webhook");
        this.audiences = audiences == null || audiences.isEmpty() ? Set.of(Audience.INCIDENTS) : Set.copyOf(EnumSet.copyOf(audiences));
        this.http = new HttpPost(timeout);
    }

    @Override
    public String name() {
        return webhook.name();
    }

    @Override
    public Set<Audience> audiences() {
        return audiences;
    }

    public Webhook webhook() {
        return webhook;
    }

    @Override
    public Delivery deliver(Notice notice) {
        String body;
        try {
            body = JSON.writeValueAsString(body(notice));
        } catch (JsonProcessingException e) {
            return new Delivery(name(), false, -1, "cannot write the notice as JSON: " + e.getOriginalMessage(), Duration.ZERO);
        }
        return http.post(name(), webhook.url(), Map.of(), body, List.of());
    }

    Map<String, Object> body(Notice notice) {
        Map<String, Object> fields = new LinkedHashMap<>();
        IncidentMessage message = notice.message();
        if (webhook.format() == Webhook.Format.SLACK) {
            fields.put("text", NoticeText.text(notice));
            return fields;
        }
        fields.put("incidentId", notice.incidentId());
        fields.put("action", notice.action().name().toLowerCase(java.util.Locale.ROOT));
        fields.put("severity", notice.severity().yamlName());
        fields.put("audience", notice.audience().name().toLowerCase(java.util.Locale.ROOT));
        fields.put("drill", notice.drill());
        fields.put("title", NoticeText.title(notice));
        fields.put("service", message.service());
        fields.put("description", message.description());
        fields.put("started", message.started().toString());
        fields.put("status", message.status().name());
        fields.put("impact", message.impact());
        fields.put("nextUpdate", message.nextUpdate() == null ? null : message.nextUpdate().toString());
        fields.put("details", message.details());
        fields.put("to", notice.to().stream().map(Contact::name).toList());
        fields.put("facts", notice.facts());
        fields.put("text", NoticeText.text(notice));
        return fields;
    }

    @Override
    public String toString() {
        return "WebhookChannel[" + webhook.describe() + " " + audiences + "]";
    }
}
