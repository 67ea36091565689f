package org.drjenkins.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** Against real local HTTP servers: one that records, one that is gone, one that accepts and never answers. */
public class WebhookNotifierTest {

    private static final String SLACK_PATH = "/services/T000/B000/XXXXsecrettoken";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final IncidentMessage MESSAGE = new IncidentMessage("Jenkins", "Primary region down", Instant.parse("2024-01-15T14:30:00Z"),
            IncidentStatus.MITIGATING, "~120 users affected / ~100% of traffic impacted", Instant.parse("2024-01-15T14:45:00Z"),
            List.of("failing over to eu-west-1"));

    record Received(String path, String contentType, String body) {
    }

    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    @Before
    public void startRecordingServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Content-Type"), body));
            int status = exchange.getRequestURI().getPath().equals("/broken") ? 500 : 200;
            byte[] answer = (status == 200 ? "ok" : "internal error\nstack trace").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @After
    public void stopRecordingServer() {
        server.stop(0);
    }

    @Test
    public void slackWebhookGetsTheTemplateAsText() throws Exception {
        List<Delivery> deliveries = new WebhookNotifier(List.of(new Webhook(local(SLACK_PATH), Webhook.Format.SLACK, "#incidents")))
                .post(MESSAGE);

        assertThat(deliveries).singleElement().satisfies(d -> {
            assertThat(d.ok()).isTrue();
            assertThat(d.status()).isEqualTo(200);
            assertThat(d.name()).isEqualTo("#incidents");
            assertThat(d.detail()).isEqualTo("HTTP 200 from http://127.0.0.1:" + port() + ": ok");
        });
        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo(SLACK_PATH);
            assertThat(r.contentType()).startsWith("application/json");
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.size()).isEqualTo(1);
            assertThat(body.get("text").asText()).isEqualTo(MESSAGE.text()).contains(
                    "Title: [INCIDENT] Jenkins - Primary region down\n",
                    "Started: 2024-01-15 14:30 UTC\n",
                    "Status: MITIGATING\n",
                    "Impact: ~120 users affected / ~100% of traffic impacted\n",
                    "Next Update: 14:45 UTC");
        });
    }

    @Test
    public void jsonWebhookGetsEveryField() throws Exception {
        new WebhookNotifier(List.of(new Webhook(local("/generic"), Webhook.Format.JSON, "pager"))).post(MESSAGE);

        JsonNode body = JSON.readTree(received.get(0).body());
        assertThat(body.get("title").asText()).isEqualTo("[INCIDENT] Jenkins - Primary region down");
        assertThat(body.get("service").asText()).isEqualTo("Jenkins");
        assertThat(body.get("description").asText()).isEqualTo("Primary region down");
        assertThat(body.get("started").asText()).isEqualTo("2024-01-15T14:30:00Z");
        assertThat(body.get("status").asText()).isEqualTo("MITIGATING");
        assertThat(body.get("impact").asText()).isEqualTo("~120 users affected / ~100% of traffic impacted");
        assertThat(body.get("nextUpdate").asText()).isEqualTo("2024-01-15T14:45:00Z");
        assertThat(body.get("details")).hasSize(1);
        assertThat(body.get("details").get(0).asText()).isEqualTo("failing over to eu-west-1");
        assertThat(body.get("text").asText()).isEqualTo(MESSAGE.text());
    }

    @Test
    public void deadAndHangingWebhooksAreReportedWithinTheTimeoutWhileTheLiveOneStillGetsItsMessage() throws Exception {
        Duration timeout = Duration.ofSeconds(1);
        try (ServerSocket hanging = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(hanging.accept());
                    }
                } catch (IOException closed) {
                    // test over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            int deadPort;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                deadPort = probe.getLocalPort();
            }
            List<Webhook> webhooks = List.of(
                    new Webhook(URI.create("http://127.0.0.1:" + deadPort + SLACK_PATH), Webhook.Format.SLACK, "dead"),
                    new Webhook(URI.create("http://127.0.0.1:" + hanging.getLocalPort() + SLACK_PATH), Webhook.Format.SLACK, "hanging"),
                    new Webhook(local(SLACK_PATH), Webhook.Format.SLACK, "live"));
            long start = System.nanoTime();

            List<Delivery> deliveries = new WebhookNotifier(webhooks, timeout).post(MESSAGE);

            Duration total = Duration.ofNanos(System.nanoTime() - start);
            assertThat(total).isLessThan(timeout.plusMillis(700));
            assertThat(deliveries).extracting(Delivery::name).containsExactly("dead", "hanging", "live");
            assertThat(deliveries.get(0).ok()).isFalse();
            assertThat(deliveries.get(0).status()).isEqualTo(-1);
            assertThat(deliveries.get(0).detail()).startsWith("cannot connect to http://127.0.0.1:" + deadPort);
            assertThat(deliveries.get(1).ok()).isFalse();
            assertThat(deliveries.get(1).status()).isEqualTo(-1);
            assertThat(deliveries.get(1).detail()).isEqualTo("no answer from http://127.0.0.1:" + hanging.getLocalPort() + " within 1 s");
            assertThat(deliveries.get(1).took()).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(deliveries.get(2).ok()).isTrue();
            assertThat(received).singleElement().satisfies(r -> assertThat(r.body()).contains("Primary region down"));
            assertThat(deliveries).allSatisfy(d -> assertThat(d.detail()).doesNotContain("secrettoken"));
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    public void errorAnswerIsNotOkAndShowsStatusAndTheFirstLineOfTheAnswer() throws Exception {
        List<Delivery> deliveries = new WebhookNotifier(List.of(new Webhook(local("/broken"), Webhook.Format.JSON, "ops"))).post(MESSAGE);

        assertThat(deliveries).singleElement().satisfies(d -> {
            assertThat(d.ok()).isFalse();
            assertThat(d.status()).isEqualTo(500);
            assertThat(d.detail()).isEqualTo("HTTP 500 from http://127.0.0.1:" + port() + ": internal error");
        });
    }

    @Test
    public void webhookShowsOnlySchemeAndHostNeverTheTokenInItsPath() {
        Webhook webhook = new Webhook(URI.create("https://hooks.slack.com/services/T000/B000/XXXXsecrettoken"), Webhook.Format.SLACK,
                "#incidents");

        assertThat(webhook.describe()).isEqualTo("#incidents (https://hooks.slack.com, slack)");
        assertThat(webhook.toString()).doesNotContain("secrettoken").doesNotContain("/services");
    }

    private URI local(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    private int port() {
        return server.getAddress().getPort();
    }
}
