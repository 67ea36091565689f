package org.drjenkins.engine.notify;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One JSON POST with a hard time limit, answered as a {@link Delivery} whose detail shows only the target's scheme and
 * host and has every secret the caller names (keys, tokens, URL paths) blanked out, even where a server echoes it.
 */
final class HttpPost {

    private static final int MAX_ANSWER_SHOWN = 200;
    static final String HIDDEN = "…";

    private final HttpClient client;
    private final Duration timeout;

    HttpPost(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    Duration timeout() {
        return timeout;
    }

    /**
     * @param name    the channel's name for the delivery
     * @param url     where to post
     * @param headers extra headers (e.g. {@code Authorization})
     * @param json    the body
     * @param secrets strings that must never appear in the detail
     */
    Delivery post(String name, URI url, Map<String, String> headers, String json, List<String> secrets) {
        long start = System.nanoTime();
        String where = Webhook.redact(url);
        CompletableFuture<HttpResponse<String>> sending;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "dr-jenkins-notifier");
            headers.forEach(request::header);
            sending = client.sendAsync(request.POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (RuntimeException e) {
            return failed(name, "cannot build the request to " + where + ": " + scrub(reason(e), url, secrets), start);
        }
        try {
            HttpResponse<String> response = sending.get(timeout.toNanos() + TimeUnit.MILLISECONDS.toNanos(200), TimeUnit.NANOSECONDS);
            int status = response.statusCode();
            String answer = response.body() == null ? "" : firstLine(response.body());
            String detail = "HTTP " + status + " from " + where + (answer.isEmpty() ? "" : ": " + answer);
            // Only a throttle or an outage answer says when to come back; elsewhere the header means nothing to us.
            Duration retryAfter = status == 429 || status == 503
                    ? RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), java.time.Instant.now()).orElse(null)
                    : null;
            return new Delivery(name, status >= 200 && status < 300, status, scrub(detail, url, secrets), since(start), retryAfter);
        } catch (TimeoutException e) {
            sending.cancel(true);
            return failed(name, "no answer from " + where + " within " + seconds(timeout), start);
        } catch (InterruptedException e) {
            sending.cancel(true);
            Thread.currentThread().interrupt();
            return failed(name, "interrupted while posting to " + where, start);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return failed(name, "no answer from " + where + " within " + seconds(timeout), start);
            }
            String verb = cause instanceof ConnectException ? "cannot connect to " : "post to ";
            String tail = cause instanceof ConnectException ? ": " : " failed: ";
            return failed(name, verb + where + tail + scrub(reason(cause), url, secrets), start);
        }
    }

    private static Delivery failed(String name, String detail, long start) {
        return new Delivery(name, false, -1, detail, since(start));
    }

    static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** The text with the URL's secret parts (path, query) and every named secret replaced by an ellipsis. */
    static String scrub(String text, URI url, List<String> secrets) {
        String result = text.replace(url.toString(), Webhook.redact(url));
        String path = url.getRawPath();
        if (path != null && path.length() > 1) {
            result = result.replace(path, "/" + HIDDEN);
        }
        String query = url.getRawQuery();
        if (query != null && !query.isEmpty()) {
            result = result.replace(query, HIDDEN);
        }
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                result = result.replace(secret, HIDDEN);
            }
        }
        return result;
    }

    static String reason(Throwable e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : firstLine(e.getMessage());
    }

    static String firstLine(String text) {
        String line = text.strip();
        int newline = line.indexOf('\n');
        line = newline < 0 ? line : line.substring(0, newline);
        return line.length() > MAX_ANSWER_SHOWN ? line.substring(0, MAX_ANSWER_SHOWN) + HIDDEN : line;
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
