package org.drjenkins.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drjenkins.engine.incident.PagerDutyDeliveryBodies;
import org.drjenkins.engine.incident.PagerDutyWebhook;

/**
 * What PagerDuty's Webhooks v3 posts when someone acknowledges, as the tests of {@code dr incident listen} and
 * {@code dr watch --ack-listen} send it: the body PagerDuty documents and the signature it would put on it.
 */
final class PagerDutyDeliveries {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** An incident.acknowledged event by {@code agent} for the incident PagerDuty knows by {@code incidentKey}. */
    static byte[] acknowledged(String incidentKey, String agent) {
        return PagerDutyDeliveryBodies.acknowledged(incidentKey, agent);
    }

    /** Posts the body signed with {@code secret}, as PagerDuty does (the engine's own signing rule). */
    HttpResponse<String> postSigned(URI endpoint, byte[] body, String secret) throws Exception {
        return post(endpoint, body, PagerDutyWebhook.sign(secret, body));
    }

    HttpResponse<String> post(URI endpoint, byte[] body, String signature) throws Exception {
        return http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header(PagerDutyWebhook.SIGNATURE_HEADER, signature).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Where the command serves, from the line it prints once it does; bounded, so one that never starts fails the test. */
    static URI awaitListening(Supplier<String> output, String command) throws InterruptedException {
        Pattern line = Pattern.compile(Pattern.quote(PagerDutyListener.LISTENING) + "(\\S+)");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = line.matcher(output.get());
            if (m.find()) {
                return URI.create(m.group(1));
            }
            Thread.sleep(50);
        }
        throw new AssertionError(command + " did not start serving PagerDuty's webhook: " + output.get());
    }

    HttpResponse<String> get(URI endpoint) throws Exception {
        return http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
