package org.drjenkins.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.Test;

public class PgUrlTest {

    private record Case(String url, String user, String host, int port, String database, Map<String, String> params) {
    }

    @Test
    public void parsesEveryFormOfTheUrlWithLibpqDefaults() {
        Case[] table = {
            new Case("postgresql://app@db.example.com:6432/orders", "app", "db.example.com", 6432, "orders", Map.of()),
            new Case("postgres://app@db.example.com/orders", "app", "db.example.com", 5432, "orders", Map.of()),
            new Case("postgresql://db.example.com/orders", "postgres", "db.example.com", 5432, "orders", Map.of()),
            new Case("postgresql://app@db.example.com", "app", "db.example.com", 5432, "app", Map.of()),
            new Case("postgresql://app@db:5433/", "app", "db", 5433, "app", Map.of()),
            new Case("postgresql:///orders", "postgres", "localhost", 5432, "orders", Map.of()),
            new Case("POSTGRESQL://app@db/orders", "app", "db", 5432, "orders", Map.of()),
            new Case("postgresql://app@[2001:db8::1]:5433/orders", "app", "2001:db8::1", 5433, "orders", Map.of()),
            new Case("postgresql://app@db/orders?sslmode=require&application_name=dr",
                    "app", "db", 5432, "orders", Map.of("sslmode", "require", "application_name", "dr")),
            new Case("postgresql://app%40corp@db/my%20db", "app@corp", "db", 5432, "my db", Map.of()),
            new Case("postgresql://db/x?user=other&dbname=real&port=7000", "other", "db", 7000, "real", Map.of()),
        };
        for (Case c : table) {
            PgUrl url = PgUrl.parse(c.url());
            assertThat(url.user()).as(c.url()).isEqualTo(c.user());
            assertThat(url.host()).as(c.url()).isEqualTo(c.host());
            assertThat(url.port()).as(c.url()).isEqualTo(c.port());
            assertThat(url.database()).as(c.url()).isEqualTo(c.database());
            assertThat(url.params()).as(c.url()).isEqualTo(c.params());
            assertThat(url.password()).as(c.url()).isEmpty();
            // What we print parses back to the same URL.
            assertThat(PgUrl.parse(url.toString())).as(c.url()).isEqualTo(url);
        }
    }

    @Test
    public void jdbcAndLibpqFormsCarryUserDatabaseAndParametersInTheirOwnEncodings() {
        PgUrl url = PgUrl.parse("postgresql://app%2Bops@db:6432/my%20db?sslmode=verify-full&application_name=dr");

        assertThat(url.libpqUrl())
                .isEqualTo("postgresql://app%2Bops@db:6432/my%20db?sslmode=verify-full&application_name=dr");
        assertThat(url.jdbcUrl()).isEqualTo(
                "jdbc:postgresql://db:6432/my+db?user=app%2Bops&sslmode=verify-full&ApplicationName=dr");
        assertThat(PgUrl.parse("postgresql://a@[::1]:5433/d").jdbcUrl()).startsWith("jdbc:postgresql://[::1]:5433/d");
        assertThat(url.withDatabase("postgres").database()).isEqualTo("postgres");
        assertThat(url.withDatabase("postgres").toString())
                .isEqualTo("postgresql://app%2Bops@db:6432/postgres?sslmode=verify-full&application_name=dr");
    }

    @Test
    public void aPasswordInTheUrlIsKeptForConnectingButNeverShown() {
        PgUrl inUserInfo = PgUrl.parse("postgresql://app:s3cr%3At@db:5432/orders");
        PgUrl inQuery = PgUrl.parse("postgresql://app@db/orders?password=s3cr3t&sslmode=require");

        assertThat(inUserInfo.password()).contains("s3cr:t");
        assertThat(inQuery.password()).contains("s3cr3t");
        assertThat(inQuery.params()).containsOnlyKeys("sslmode");
        for (PgUrl url : new PgUrl[] {inUserInfo, inQuery}) {
            assertThat(url.toString()).doesNotContain("s3cr").doesNotContain("password");
            assertThat(url.libpqUrl()).doesNotContain("s3cr");
            assertThat(url.jdbcUrl()).doesNotContain("s3cr");
            assertThat(url.withDatabase("other").toString()).doesNotContain("s3cr");
            assertThat(url.withDatabase("other").password()).isEqualTo(url.password());
        }
        assertThat(PgConnections.effectivePassword(inUserInfo, Optional.of("given"))).contains("given");
        assertThat(PgConnections.effectivePassword(inUserInfo, Optional.empty())).contains("s3cr:t");
    }

    @Test
    public void invalidUrlsAreRejectedWithAMessageThatHidesThePassword() {
        assertThatThrownBy(() -> PgUrl.parse("mysql://app:hunter2@db/x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start with postgresql://")
                .hasMessageContaining("mysql://app:***@db/x")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> PgUrl.parse("postgresql://app:hunter2@db:99999/x"))
                .hasMessageContaining("port must be 1-65535")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> PgUrl.parse("postgresql://app@db:abc/x?password=hunter2"))
                .hasMessageContaining("'abc' is not a number")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> PgUrl.parse("postgresql://app@h1:5432,h2:5432/x"))
                .hasMessageContaining("several hosts are not supported");
        assertThatThrownBy(() -> PgUrl.parse("postgresql://app@db/x%zz"))
                .hasMessageContaining("two hex digits");
        assertThatThrownBy(() -> PgUrl.parse(null)).hasMessageContaining("missing");
    }
}
