package org.drjenkins.engine.failover.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.Test;

public class TcpHealthCheckTest {

    @Test
    public void openPortIsHealthy() throws Exception {
        try (SilentServer server = new SilentServer()) {
            HealthResult result = new TcpHealthCheck("127.0.0.1", server.port(), Duration.ofSeconds(2)).check();

            assertThat(result.healthy()).isTrue();
            assertThat(result.detail()).isEqualTo("TCP 127.0.0.1:" + server.port() + " accepted a connection");
        }
    }

    @Test
    public void closedPortIsUnhealthyAtOnceWithTheRefusal() throws Exception {
        int port = SilentServer.closedPort();

        HealthResult result = new TcpHealthCheck("127.0.0.1", port, Duration.ofSeconds(5)).check();

        assertThat(result.healthy()).isFalse();
        assertThat(result.detail()).startsWith("TCP 127.0.0.1:" + port + ": ").containsIgnoringCase("refused");
        assertThat(result.took()).isLessThan(Duration.ofSeconds(1));
    }
}
