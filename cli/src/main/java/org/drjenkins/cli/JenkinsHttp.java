package org.drjenkins.cli;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few calls {@code dr jenkins} makes to the Jenkins it started, as the admin user with HTTP basic authentication.
 * A POST needs a CSRF crumb, and Jenkins ties the crumb to the session, so the client keeps its cookies.
 */
final class JenkinsHttp {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern CRUMB = Pattern.compile("\"crumb\"\\s*:\\s*\"([^\"]+)\".*\"crumbRequestField\"\\s*:\\s*\"([^\"]+)\"");

    private final URI root;
    private final String authorization;
    private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

    JenkinsHttp(URI root, String user, String password) {
        this.root = root;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Status and body of a GET of {@code path} (relative to the root, no leading slash); status -1 if unreachable. */
    Response get(String path) throws InterruptedException {
        try {
            HttpResponse<String> response = client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers().firstValue("Location").orElse(""));
        } catch (IOException e) {
            return new Response(-1, String.valueOf(e.getMessage()), "");
        }
    }

    /** A POST with the session's crumb, e.g. {@code job/NAME/build}. */
    Response post(String path) throws IOException, InterruptedException {
        Response crumb = get("crumbIssuer/api/json");
        Matcher m = CRUMB.matcher(crumb.body());
        if (crumb.status() != 200 || !m.find()) {
            throw new IOException("no CSRF crumb from " + root + "crumbIssuer/api/json (HTTP " + crumb.status() + ")");
        }
        HttpResponse<String> response = client.send(request(path).header(m.group(2), m.group(1))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body(), response.headers().firstValue("Location").orElse(""));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(root.resolve(path)).timeout(REQUEST_TIMEOUT).header("Authorization", authorization);
    }

    URI root() {
        return root;
    }

    record Response(int status, String body, String location) {
    }
}
