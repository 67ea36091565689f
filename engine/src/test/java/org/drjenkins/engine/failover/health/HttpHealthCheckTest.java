package org.drjenkins.engine.failover.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.Test;

public class HttpHealthCheckTest {

    @Test
    public void sameEndpointIsHealthyOn200AndUnhealthyOn503() throws Exception {
        try (StatusServer server = new StatusServer(n -> n == 1 ? 200 : 503)) {
            HttpHealthCheck check = new HttpHealthCheck(server.uri("/health"), 200, Duration.ofSeconds(2));

            HealthResult first = check.check();
            HealthResult second = check.check();

            assertThat(first.healthy()).isTrue();
            assertThat(first.detail()).isEqualTo("HTTP 200 from " + server.uri("/health"));
            assertThat(second.healthy()).isFalse();
            assertThat(second.detail()).isEqualTo("HTTP 503 from " + server.uri("/health") + " (expected 200)");
            assertThat(server.served()).hasSize(2);
        }
    }

    @Test
    public void closedPortFailsAtOnceWithACannotConnectDetail() throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + SilentServer.closedPort() + "/health");

        HealthResult result = new HttpHealthCheck(uri, 200, Duration.ofSeconds(5)).check();

        assertThat(result.healthy()).isFalse();
        assertThat(result.detail()).startsWith("cannot connect to " + uri);
        assertThat(result.took()).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    public void serverThatNeverAnswersFailsWithinTheTimeout() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            URI uri = URI.create("http://127.0.0.1:" + silent.port() + "/health");

            HealthResult result = new HttpHealthCheck(uri, 200, Duration.ofMillis(500)).check();

            assertThat(result.healthy()).isFalse();
            assertThat(result.detail()).isEqualTo("no answer from " + uri + " within 0.5 s");
            assertThat(result.took()).isBetween(Duration.ofMillis(450), Duration.ofMillis(1500));
            assertThat(silent.acceptedConnections()).isEqualTo(1);
        }
    }

    @Test
    public void redirectIsNotFollowedSoItIsNotTheExpectedStatus() throws Exception {
        try (StatusServer server = new StatusServer(n -> 302)) {
            HealthResult result = new HttpHealthCheck(server.uri("/health"), 200, Duration.ofSeconds(2)).check();

            assertThat(result.healthy()).isFalse();
            assertThat(result.detail()).contains("HTTP 302");
        }
    }

    @Test
    public void tokensInTheQueryOrUserInfoNeverAppearInDetailOrDescription() throws Exception {
        try (StatusServer server = new StatusServer(n -> 503)) {
            URI withToken = URI.create("http://monitor:hunter2@127.0.0.1:" + server.uri("/").getPort() + "/health?token=s3cr3t");
            HttpHealthCheck check = new HttpHealthCheck(withToken, 200, Duration.ofSeconds(2));

            HealthResult result = check.check();

            assertThat(result.detail() + check.describe()).doesNotContain("s3cr3t").doesNotContain("hunter2").contains("/health");
        }
    }
}
