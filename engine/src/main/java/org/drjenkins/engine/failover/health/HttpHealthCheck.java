package org.drjenkins.engine.failover.health;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * GET a URL and expect one status code. Redirects are not followed: a health endpoint that suddenly redirects (to a
 * maintenance page, a login) is not the answer the plan asked for; expect 301/302 explicitly if that is normal.
 */
public final class HttpHealthCheck implements HealthCheck {

    private final URI uri;
    private final int expectedStatus;
    private final Duration timeout;
    private final String shown;
    private final HttpClient client;

    public HttpHealthCheck(URI uri, int expectedStatus, Duration timeout) {
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new IllegalArgumentException("health check URL must be http:// or https://, got " + shownForm(uri));
        }
        this.uri = uri;
        this.expectedStatus = expectedStatus;
        this.timeout = timeout;
        this.shown = shownForm(uri);
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public HealthResult check() {
        Probe probe = new Probe();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", "dr-health-check").GET().build();
        CompletableFuture<HttpResponse<Void>> answer = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            // Our own deadline as well as the client's: the body (discarded) must not stretch the probe past the timeout.
            int status = answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS).statusCode();
            String detail = "HTTP " + status + " from " + shown;
            return status == expectedStatus ? probe.healthy(detail) : probe.failed(detail + " (expected " + expectedStatus + ")");
        } catch (TimeoutException e) {
            answer.cancel(true);
            return probe.failed("no answer from " + shown + " within " + Probe.seconds(timeout));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return probe.failed("no answer from " + shown + " within " + Probe.seconds(timeout));
            }
            if (cause instanceof ConnectException) {
                return probe.failed("cannot connect to " + shown + ": " + Probe.reason(cause));
            }
            return probe.failed("request to " + shown + " failed: " + Probe.reason(cause));
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            return probe.failed("interrupted while probing " + shown);
        } catch (RuntimeException e) {
            return probe.failed("request to " + shown + " failed: " + Probe.reason(e));
        }
    }

    @Override
    public String describe() {
        return "HTTP GET " + shown + " expects " + expectedStatus;
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Scheme, host, port and path: user info and query strings may carry tokens. */
    static String shownForm(URI uri) {
        String authority = uri.getHost() == null ? String.valueOf(uri.getRawAuthority()) : uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        return uri.getScheme() + "://" + authority + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
