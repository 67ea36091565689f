package org.drjenkins.engine.config;

import java.net.URI;
import java.time.Duration;

/**
 * One configured health check of a region, as written in {@code healthChecks:}.
 *
 * @param kind           http, tcp or postgres
 * @param url            http: the URL to GET, else {@code null}
 * @param expectedStatus http: the status that means healthy (default 200), else 0
 * @param host           tcp: the host to connect to, else {@code null}
 * @param port           tcp: the port, else 0
 * @param query          postgres: the query run on the region's database that must return true, else {@code null}
 * @param timeout        how long one probe may take; {@code null} for the engine's default
 */
public record HealthCheckSpec(Kind kind, URI url, int expectedStatus, String host, int port, String query, Duration timeout) {

    public enum Kind {
        HTTP, TCP, POSTGRES;

        public String yamlName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static HealthCheckSpec http(URI url, int expectedStatus) {
        return new HealthCheckSpec(Kind.HTTP, url, expectedStatus, null, 0, null, null);
    }

    public static HealthCheckSpec tcp(String host, int port) {
        return new HealthCheckSpec(Kind.TCP, null, 0, host, port, null, null);
    }

    public static HealthCheckSpec postgres(String query) {
        return new HealthCheckSpec(Kind.POSTGRES, null, 0, null, 0, query, null);
    }

    /** Never the URL's query string or user info: those may hold tokens. */
    @Override
    public String toString() {
        return switch (kind) {
            case HTTP -> "http " + url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                    + (url.getRawPath() == null ? "" : url.getRawPath()) + " expects " + expectedStatus;
            case TCP -> "tcp " + host + ":" + port;
            case POSTGRES -> "postgres " + query;
        };
    }
}
