package org.drjenkins.engine.failover.dns;

import org.drjenkins.engine.config.DnsProvider;
import org.drjenkins.engine.config.DnsSettings;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.Test;

public class DnsSettingsTest {

    @Test
    public void relativeRecordNameIsCompletedWithTheZone() {
        assertThat(DnsSettings.rfc2136("dr.test", "db", "A", 60, "ns1", "k").absoluteRecordName()).isEqualTo("db.dr.test.");
        assertThat(DnsSettings.rfc2136("dr.test.", "db", "A", 60, "ns1", "k").absoluteRecordName()).isEqualTo("db.dr.test.");
    }

    @Test
    public void recordNameAlreadyInsideTheZoneIsNotCompletedTwice() {
        assertThat(DnsSettings.rfc2136("dr.test", "db.dr.test", "A", 60, "ns1", "k").absoluteRecordName()).isEqualTo("db.dr.test.");
        assertThat(DnsSettings.rfc2136("dr.test", "db.dr.test.", "A", 60, "ns1", "k").absoluteRecordName()).isEqualTo("db.dr.test.");
        assertThat(DnsSettings.route53("Z1", "db.example.com", "A", 60).absoluteRecordName()).isEqualTo("db.example.com.");
    }

    @Test
    public void serverParsesHostPortAndBracketedIpv6WithPort53AsDefault() {
        assertThat(server("ns1.example.com")).isEqualTo("ns1.example.com 53");
        assertThat(server("127.0.0.1:5353")).isEqualTo("127.0.0.1 5353");
        assertThat(server("[2001:db8::53]:5300")).isEqualTo("2001:db8::53 5300");
        assertThat(server("2001:db8::53")).isEqualTo("2001:db8::53 53");
    }

    @Test
    public void defaultsAreTypeAHmacSha256AndTwoMinutes() {
        DnsSettings settings = new DnsSettings(DnsProvider.RFC2136, "dr.test", "db", null, 60, "ns1", "k", null, null, null);

        assertThat(settings.type()).isEqualTo("A");
        assertThat(settings.tsigAlgorithm()).isEqualTo("hmac-sha256");
        assertThat(settings.timeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    public void everyProblemIsListedOnceNamingTheSetting() {
        DnsSettings settings = new DnsSettings(DnsProvider.RFC2136, null, null, "MX", -1, "ns1:99999", null, null, null, null);

        assertThat(settings.problems()).hasSize(5).anySatisfy(p -> assertThat(p).startsWith("dns.recordName is missing"))
                .anySatisfy(p -> assertThat(p).startsWith("dns.type 'MX' is not supported"))
                .anySatisfy(p -> assertThat(p).startsWith("dns.ttl -1 is out of range"))
                .anySatisfy(p -> assertThat(p).startsWith("dns.zone is missing"))
                .anySatisfy(p -> assertThat(p).startsWith("dns.server 'ns1:99999' has no valid port"));
    }

    @Test
    public void recordOutsideTheZoneIsAProblem() {
        assertThat(DnsSettings.rfc2136("dr.test", "db.other.test.", "A", 60, "ns1", "k").problems())
                .containsExactly("dns.recordName db.other.test. is not inside dns.zone dr.test.");
    }

    @Test
    public void route53NeedsAHostedZoneIdAndAcceptsTheConsolePrefix() {
        assertThat(DnsSettings.route53(null, "db.example.com", "A", 60).problems()).singleElement().asString()
                .startsWith("dns.hostedZoneId is missing");
        assertThat(DnsSettings.route53("/hostedzone/Z123", "db.example.com", "A", 60).bareHostedZoneId()).isEqualTo("Z123");
    }

    @Test
    public void noneNeedsNothing() {
        assertThat(DnsSettings.none().problems()).isEmpty();
        assertThat(DnsProvider.fromYaml("RFC2136")).contains(DnsProvider.RFC2136);
        assertThat(DnsProvider.fromYaml("bind")).isEmpty();
    }

    private static String server(String server) {
        DnsSettings settings = DnsSettings.rfc2136("dr.test", "db", "A", 60, server, "k");
        return settings.serverHost() + " " + settings.serverPort();
    }

    private static final String REGION = "regions:\n  - { name: us-east-1, role: primary, bucket: dns-test-bucket,\n"
            + "      database: \"postgresql://postgres@127.0.0.1:5432/postgres\",\n";

    @Test
    public void dnsEndpointIsReadForRoute53() {
        org.drjenkins.engine.config.DrConfig config = org.drjenkins.engine.config.ConfigLoader.parse(REGION
                + "      dns: { provider: route53, hostedZoneId: Z1, recordName: db.example.com, value: 10.0.0.1,\n"
                + "             endpoint: \"https://route53-fips.amazonaws.com\" } }\n", "dr.yaml");

        assertThat(config.primary().dns().settings().endpoint())
                .isEqualTo(java.net.URI.create("https://route53-fips.amazonaws.com"));
    }

    @Test
    public void dnsEndpointOfAnotherProviderOrNotAUrlIsAProblemNamingTheField() {
        for (String dns : new String[] {
            "{ provider: rfc2136, zone: dr.test, recordName: db, server: ns1, value: 10.0.0.1, endpoint: \"https://x\" }",
            "{ provider: route53, hostedZoneId: Z1, recordName: db.example.com, value: 10.0.0.1, endpoint: \"ftp://x\" }"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> org.drjenkins.engine.config.ConfigLoader.parse(
                    REGION + "      dns: " + dns + " }\n", "dr.yaml"))
                    .isInstanceOf(org.drjenkins.engine.config.ConfigException.class)
                    .hasMessageContaining("regions[0].dns.endpoint");
        }
    }
}
