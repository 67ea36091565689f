package org.drjenkins.engine.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Posts an incident notice to every webhook at once. A dead or hanging webhook is reported in its {@link Delivery}; it
 * never throws and never holds the failover up longer than the timeout.
 */
public final class WebhookNotifier {

    /** Notices must not slow a failover: a chat service that has not answered in 5 s is reported and left behind. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_ANSWER_SHOWN = 200;

    private final List<Webhook> webhooks;
    private final Duration timeout;
    private final HttpClient client;
    private final ObjectMapper json = new ObjectMapper();

    public WebhookNotifier(List<Webhook> webhooks, Duration timeout) {
        this.webhooks = List.copyOf(webhooks);
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public WebhookNotifier(List<Webhook> webhooks) {
        this(webhooks, DEFAULT_TIMEOUT);
    }

    /** Posts to all webhooks in parallel and returns one delivery per webhook, in their order, within the timeout. */
    public List<Delivery> post(IncidentMessage message) {
        long start = System.nanoTime();
        List<CompletableFuture<Delivery>> sending = new ArrayList<>();
        for (Webhook webhook : webhooks) {
            sending.add(send(webhook, message, start));
        }
        long deadline = start + timeout.toNanos();
        List<Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < webhooks.size(); i++) {
            deliveries.add(await(webhooks.get(i), sending.get(i), deadline, start));
        }
        return deliveries;
    }

    private CompletableFuture<Delivery> send(Webhook webhook, IncidentMessage message, long start) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(webhook.url()).timeout(timeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "dr-jenkins-notifier")
                    .POST(HttpRequest.BodyPublishers.ofString(body(webhook.format(), message), StandardCharsets.UTF_8)).build();
        } catch (RuntimeException | JsonProcessingException e) {
            return CompletableFuture.completedFuture(failed(webhook, -1, "cannot build the request: " + reason(e, webhook), start));
        }
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> error == null ? answered(webhook, response, start) : notAnswered(webhook, error, start));
    }

    private Delivery await(Webhook webhook, CompletableFuture<Delivery> sending, long deadline, long start) {
        try {
            return sending.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            sending.cancel(true);
            return failed(webhook, -1, "no answer from " + webhook.redactedUrl() + " within " + seconds(timeout), start);
        } catch (InterruptedException e) {
            sending.cancel(true);
            Thread.currentThread().interrupt();
            return failed(webhook, -1, "interrupted while posting to " + webhook.redactedUrl(), start);
        } catch (ExecutionException e) {
            return notAnswered(webhook, e.getCause(), start);
        }
    }

    private Delivery answered(Webhook webhook, HttpResponse<String> response, long start) {
        int status = response.statusCode();
        String answer = response.body() == null ? "" : firstLine(response.body());
        String detail = "HTTP " + status + " from " + webhook.redactedUrl() + (answer.isEmpty() ? "" : ": " + answer);
        boolean ok = status >= 200 && status < 300;
        return new Delivery(webhook.name(), ok, status, detail, Duration.ofNanos(System.nanoTime() - start));
    }

    private Delivery notAnswered(Webhook webhook, Throwable error, long start) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpTimeoutException) {
            return failed(webhook, -1, "no answer from " + webhook.redactedUrl() + " within " + seconds(timeout), start);
        }
        if (cause instanceof ConnectException) {
            return failed(webhook, -1, "cannot connect to " + webhook.redactedUrl() + ": " + reason(cause, webhook), start);
        }
        return failed(webhook, -1, "post to " + webhook.redactedUrl() + " failed: " + reason(cause, webhook), start);
    }

    private static Delivery failed(Webhook webhook, int status, String detail, long start) {
        return new Delivery(webhook.name(), false, status, detail, Duration.ofNanos(System.nanoTime() - start));
    }

    private String body(Webhook.Format format, IncidentMessage message) throws JsonProcessingException {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (format == Webhook.Format.SLACK) {
            fields.put("text", message.text());
        } else {
            fields.put("title", message.title());
            fields.put("service", message.service());
            fields.put("description", message.description());
            fields.put("started", message.started().toString());
            fields.put("status", message.status().name());
            fields.put("impact", message.impact());
            fields.put("nextUpdate", message.nextUpdate() == null ? null : message.nextUpdate().toString());
            fields.put("details", message.details());
            fields.put("text", message.text());
        }
        return json.writeValueAsString(fields);
    }

    /** The cause's message with any trace of the URL's secret parts (path, query) replaced by scheme and host. */
    private static String reason(Throwable e, Webhook webhook) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : firstLine(e.getMessage());
        String full = webhook.url().toString();
        message = message.replace(full, webhook.redactedUrl());
        String path = webhook.url().getRawPath();
        if (path != null && path.length() > 1) {
            message = message.replace(path, "/…");
        }
        String query = webhook.url().getRawQuery();
        return query == null ? message : message.replace(query, "…");
    }

    private static String firstLine(String text) {
        String line = text.strip();
        int newline = line.indexOf('\n');
        line = newline < 0 ? line : line.substring(0, newline);
        return line.length() > MAX_ANSWER_SHOWN ? line.substring(0, MAX_ANSWER_SHOWN) + "…" : line;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    public List<Webhook> webhooks() {
        return webhooks;
    }
}
