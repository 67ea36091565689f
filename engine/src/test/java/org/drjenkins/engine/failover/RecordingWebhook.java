package org.drjenkins.engine.failover;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.drjenkins.engine.util.Json;

/** A real HTTP server on 127.0.0.1 that answers 200 and keeps every JSON body posted to it, like a chat webhook. */
public final class RecordingWebhook implements AutoCloseable {

    private final HttpServer server;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();

    public RecordingWebhook() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            try {
                received.add(Json.mapper().readTree(new String(body, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        server.start();
    }

    /** A URL with a token-like path, as Slack's are. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/services/T000/B000/s3cr3tT0k3n";
    }

    public List<JsonNode> received() {
        return received;
    }

    /** The Slack-format {@code text} of every notice, in arrival order. */
    public List<String> texts() {
        return received.stream().map(n -> n.get("text").asText()).toList();
    }

    public void clear() {
        received.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Accepts connections and never answers: a hung webhook. */
    public static final class Hanging implements AutoCloseable {

        private final ServerSocket socket;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();

        public Hanging() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        accepted.add(socket.accept());
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "hanging-webhook");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        public String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/hook/t0k3n";
        }

        public int connections() {
            return accepted.size();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
