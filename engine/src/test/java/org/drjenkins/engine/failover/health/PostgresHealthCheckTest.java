package org.drjenkins.engine.failover.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.Test;

/** Without a database: the failure paths a dead or hung primary produces. (A live PostgreSQL is covered elsewhere.) */
public class PostgresHealthCheckTest {

    @Test
    public void nothingListeningFailsFastNamingTheRefusedAddress() throws Exception {
        int port = SilentServer.closedPort();
        PostgresHealthCheck check = new PostgresHealthCheck("127.0.0.1", port, "app", "monitor", Optional.of("pw-s3cr3t"),
                Duration.ofSeconds(3));

        HealthResult result = check.check();

        assertThat(result.healthy()).isFalse();
        assertThat(result.detail()).startsWith("PostgreSQL monitor@127.0.0.1:" + port + "/app: ").containsIgnoringCase("refused")
                .doesNotContain("pw-s3cr3t");
        assertThat(result.took()).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    public void serverThatAcceptsAndSaysNothingTimesOutWithinTheTimeout() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            PostgresHealthCheck check = new PostgresHealthCheck("127.0.0.1", silent.port(), "app", "monitor", Optional.of("pw-s3cr3t"),
                    Duration.ofSeconds(1));

            HealthResult result = check.check();

            assertThat(result.healthy()).isFalse();
            assertThat(result.detail()).startsWith("PostgreSQL monitor@127.0.0.1:" + silent.port() + "/app: ").doesNotContain("pw-s3cr3t");
            assertThat(result.took()).isBetween(Duration.ofMillis(900), Duration.ofMillis(1500));
            assertThat(silent.acceptedConnections()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    public void describeShowsTargetAndQueryButNoPassword() {
        PostgresHealthCheck check = new PostgresHealthCheck("db1", 5432, "app", "monitor", Optional.of("pw-s3cr3t"),
                "select not pg_is_in_recovery()", Duration.ofSeconds(1));

        assertThat(check.describe()).isEqualTo("PostgreSQL monitor@db1:5432/app runs select not pg_is_in_recovery()");
    }

    @Test
    public void trueOneAndNonEmptyAreHealthyAnswersFalseZeroEmptyAndNullAreNot() {
        assertThat(PostgresHealthCheck.truthy(true)).isTrue();
        assertThat(PostgresHealthCheck.truthy(1)).isTrue();
        assertThat(PostgresHealthCheck.truthy("ok")).isTrue();
        assertThat(PostgresHealthCheck.truthy(false)).isFalse();
        assertThat(PostgresHealthCheck.truthy(0L)).isFalse();
        assertThat(PostgresHealthCheck.truthy("")).isFalse();
        assertThat(PostgresHealthCheck.truthy(null)).isFalse();
    }
}
