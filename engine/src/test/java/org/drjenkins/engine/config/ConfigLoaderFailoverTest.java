package org.drjenkins.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.drjenkins.engine.config.DnsProvider;
import org.drjenkins.engine.config.DnsSettings;
import org.drjenkins.engine.notify.Webhook;
import org.junit.Test;

/** The failover settings of regions and the notifications section, read from a file that writes them all. */
public class ConfigLoaderFailoverTest {

    private DrConfig load() throws URISyntaxException {
        return ConfigLoader.load(Path.of(getClass().getResource("/config/failover.yaml").toURI()));
    }

    @Test
    public void regionsCarryTheirServerChecksDnsAndCommands() throws Exception {
        DrConfig config = load();

        Region primary = config.region("us-east-1").orElseThrow();
        assertThat(primary.database()).isEqualTo("postgresql://dr@db.use1.internal:5432/app");
        assertThat(primary.dataDirectory()).isEqualTo(Path.of("/var/lib/postgresql/15/main"));
        assertThat(primary.healthChecks()).containsExactly(
                new HealthCheckSpec(HealthCheckSpec.Kind.HTTP, URI.create("https://jenkins.use1.example.com/login"), 200,
                        null, 0, null, Duration.ofSeconds(3)),
                HealthCheckSpec.tcp("db.use1.internal", 5432),
                HealthCheckSpec.postgres("select not pg_is_in_recovery()"));
        assertThat(primary.dns()).isEqualTo(new RegionDns(
                DnsSettings.rfc2136("example.com", "db", "A", 30, "ns1.example.com:53", "dr"), "10.0.1.100"));
        assertThat(primary.faultCommand()).isEqualTo("ssh db.use1 sudo systemctl stop postgresql");
        assertThat(primary.rejoinCommand()).isNull();

        Region secondary = config.region("eu-west-1").orElseThrow();
        assertThat(secondary.dataDirectory()).isNull();
        assertThat(secondary.healthChecks()).isEmpty();
        assertThat(secondary.dns().settings().provider()).isEqualTo(DnsProvider.ROUTE53);
        assertThat(secondary.dns().settings().bareHostedZoneId()).isEqualTo("Z0123456789ABCDEFGHIJ");
        assertThat(secondary.dns().value()).isEqualTo("10.1.1.100");
        assertThat(secondary.rejoinCommand()).isEqualTo("ssh db.euw1 /usr/local/bin/rejoin-as-standby");

        assertThat(config.region("ap-southeast-1").orElseThrow())
                .isEqualTo(new Region("ap-southeast-1", Role.TERTIARY, "dr-apse1", null));
    }

    @Test
    public void notificationsNameTheServiceAndEveryWebhookWithoutShowingTokens() throws Exception {
        Notifications notifications = load().notifications();

        assertThat(notifications.service()).isEqualTo("ci-failure-agent");
        assertThat(notifications.webhooks()).containsExactly(
                new WebhookTarget("incidents", null, "SLACK_WEBHOOK_URL", Webhook.Format.SLACK),
                new WebhookTarget("pager", URI.create("https://pager.example.com/hooks/T0K3N?key=s3cr3t"), null,
                        Webhook.Format.JSON));
        assertThat(notifications.webhooks().toString()).doesNotContain("T0K3N", "s3cr3t")
                .contains("$SLACK_WEBHOOK_URL", "https://pager.example.com");
    }

    @Test
    public void leftOutNotificationsMeanNoWebhooksAndTheDefaultServiceName() {
        DrConfig config = ConfigLoader.parse("components: {}\n", "test");

        assertThat(config.notifications()).isEqualTo(Notifications.none());
        assertThat(config.notifications().service()).isEqualTo("Jenkins");
    }

    @Test
    public void aBadWebhookUrlIsReportedWithoutRepeatingItsToken() {
        List<ConfigProblem> problems = ConfigLoader.problems(
                "notifications: { webhooks: [ { url: 'hooks.slack.com/services/T0K3N' } ] }\n");

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).toString()).doesNotContain("T0K3N");
    }

    @Test
    public void aTsigSecretInTheFileIsRefusedWithoutRepeatingIt() {
        List<ConfigProblem> problems = ConfigLoader.problems("regions:\n  - { name: us-east-1, role: primary, bucket: b-1, "
                + "dns: { provider: rfc2136, zone: dr.test, recordName: db, server: ns1, tsigKeyName: k, value: 10.0.0.1, "
                + "secret: c3VwZXJzZWNyZXQ= } }\n");

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).field()).isEqualTo("regions[0].dns.secret");
        assertThat(problems.get(0).message()).contains("DR_DNS_TSIG_SECRET").doesNotContain("c3VwZXJzZWNyZXQ=");
    }

    @Test
    public void everyFailoverProblemOfARegionIsReportedAtOnce() {
        List<ConfigProblem> problems = ConfigLoader.problems("regions:\n  - { name: us-east-1, role: primary, bucket: b-1, "
                + "database: 'mysql://x/y', healthChecks: [ { tcp: nope } ], dns: { provider: bind }, faultCommand: '' }\n");

        assertThat(problems).extracting(ConfigProblem::field).containsExactly("regions[0].database",
                "regions[0].healthChecks[0].tcp", "regions[0].dns.provider", "regions[0].faultCommand");
    }
}
