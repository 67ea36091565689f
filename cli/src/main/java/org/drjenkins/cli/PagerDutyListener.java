package org.drjenkins.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.drjenkins.engine.incident.PagerDutyWebhook;

/**
 * The PagerDuty webhook endpoint of {@code dr incident listen} and {@code dr watch --ack-listen}: {@code POST /dr-pagerduty/} on 127.0.0.1 (put a TLS
 * proxy in front of it for PagerDuty to reach), answered by the engine's {@link PagerDutyWebhook}, one request at a time
 * so two acknowledgements never race in the bucket. Bodies are read up to {@link PagerDutyWebhook#MAX_BODY} only.
 */
final class PagerDutyListener implements AutoCloseable {

    static final String PATH = "/dr-pagerduty/";
    /** What both commands print before the address, once it serves (people and tests look for it). */
    static final String LISTENING = "listening for PagerDuty webhooks on ";

    static {
        // The JDK server waits forever for a slow client unless told otherwise; these are read once, at its first use.
        System.setProperty("sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime", "30"));
        System.setProperty("sun.net.httpserver.maxRspTime", System.getProperty("sun.net.httpserver.maxRspTime", "30"));
    }

    private final HttpServer server;
    private final ExecutorService worker;

    PagerDutyListener(int port, PagerDutyWebhook webhook, Consumer<String> log) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dr-pagerduty-webhook");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(worker);
        server.createContext(PATH, exchange -> {
            try (exchange) {
                handle(exchange, webhook, log);
            }
        });
        server.start();
    }

    private static void handle(HttpExchange exchange, PagerDutyWebhook webhook, Consumer<String> log) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().add("Allow", "POST");
            answer(exchange, new PagerDutyWebhook.Answer(405, "POST only: this is PagerDuty's webhook endpoint"));
            return;
        }
        byte[] body = read(exchange.getRequestBody());
        PagerDutyWebhook.Answer answer = webhook.handle(body, exchange.getRequestHeaders().getFirst(PagerDutyWebhook.SIGNATURE_HEADER));
        log.accept("PagerDuty webhook: HTTP " + answer.status() + " " + answer.text());
        answer(exchange, answer);
    }

    private static byte[] read(InputStream in) throws IOException {
        byte[] body = in.readNBytes(PagerDutyWebhook.MAX_BODY + 1);
        return body;
    }

    private static void answer(HttpExchange exchange, PagerDutyWebhook.Answer answer) throws IOException {
        byte[] text = (answer.text() + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(answer.status(), text.length);
        exchange.getResponseBody().write(text);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    @Override
    public void close() {
        server.stop(1);
        worker.shutdownNow();
    }
}
