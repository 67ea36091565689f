package org.drjenkins.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.Test;

/** {@code dns.mode} in dr.yaml: upsert by default, failover-records for Route 53 only, anything else named. */
public class DnsModeConfigTest {

    private static final String REGION = "regions:\n  - { name: us-east-1, role: primary, bucket: dns-mode-bucket,\n"
            + "      database: \"postgresql://postgres@127.0.0.1:5432/postgres\",\n      dns: ";

    private static DrConfig parse(String dns) {
        return ConfigLoader.parse(REGION + dns + " }\n", "dr.yaml");
    }

    @Test
    public void modeIsUpsertWhenNotWritten() {
        DrConfig config = parse("{ provider: route53, hostedZoneId: Z1, recordName: db.example.com, value: 10.0.0.1 }");

        assertThat(config.primary().dns().settings().mode()).isEqualTo(DnsMode.UPSERT);
    }

    @Test
    public void failoverRecordsIsReadForRoute53() {
        DrConfig config = parse("{ provider: route53, mode: failover-records, hostedZoneId: Z1, recordName: db.example.com,"
                + " value: 10.0.0.1 }");

        assertThat(config.primary().dns().settings().mode()).isEqualTo(DnsMode.FAILOVER_RECORDS);
    }

    @Test
    public void anUnknownModeIsAProblemNamingTheFieldAndTheAllowedValues() {
        assertThatThrownBy(() -> parse("{ provider: route53, mode: alias, hostedZoneId: Z1, recordName: db.example.com,"
                + " value: 10.0.0.1 }")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("regions[0].dns.mode")
                .hasMessageContaining("\"alias\" is not a DNS mode; use one of upsert, failover-records");
    }

    @Test
    public void failoverRecordsWithAnotherProviderIsRefusedNamingRoute53() {
        assertThatThrownBy(() -> parse("{ provider: rfc2136, mode: failover-records, zone: dr.test, recordName: db,"
                + " server: ns1, value: 10.0.0.1 }")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("regions[0].dns.mode")
                .hasMessageContaining("failover-records needs provider route53")
                .hasMessageContaining("with provider rfc2136 use mode: upsert");
    }

    @Test
    public void aMisspelledModeKeyIsSuggested() {
        assertThatThrownBy(() -> parse("{ provider: route53, mdoe: failover-records, hostedZoneId: Z1,"
                + " recordName: db.example.com, value: 10.0.0.1 }")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("regions[0].dns.mdoe").hasMessageContaining("did you mean mode?");
    }
}
