package org.drjenkins.engine.failover.health;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntUnaryOperator;

/** A real HTTP server on 127.0.0.1 whose status for the n-th request (1-based) a test decides. */
final class StatusServer implements AutoCloseable {

    record Served(int number, int status, Instant at) {
    }

    private final HttpServer server;
    private final List<Served> served = new CopyOnWriteArrayList<>();

    StatusServer(IntUnaryOperator statusForRequest) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            int number;
            synchronized (served) {
                number = served.size() + 1;
                int status = statusForRequest.applyAsInt(number);
                served.add(new Served(number, status, Instant.now()));
                exchange.sendResponseHeaders(status, -1);
            }
            exchange.close();
        });
        server.start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    List<Served> served() {
        return served;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
