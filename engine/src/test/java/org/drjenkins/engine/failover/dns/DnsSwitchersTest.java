package org.drjenkins.engine.failover.dns;

import org.drjenkins.engine.config.DnsSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.awscore.endpoints.AwsEndpointAttribute;
import software.amazon.awssdk.awscore.endpoints.authscheme.SigV4AuthScheme;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.endpoints.Route53EndpointProvider;

public class DnsSwitchersTest {

    @Test
    public void eachProviderGetsItsSwitcher() {
        try (DnsSwitcher none = DnsSwitchers.create(DnsSettings.none(), Optional.empty(), AnonymousCredentialsProvider.create());
                DnsSwitcher rfc = DnsSwitchers.create(DnsSettings.rfc2136("dr.test", "db", "A", 60, "127.0.0.1:5353", "drkey"),
                        Optional.of("c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI="), AnonymousCredentialsProvider.create());
                DnsSwitcher r53 = DnsSwitchers.create(DnsSettings.route53("Z123", "db.example.com", "A", 60), Optional.empty(),
                        AnonymousCredentialsProvider.create())) {
            assertThat(none).isInstanceOf(NoDnsSwitcher.class);
            assertThat(rfc).isInstanceOf(Rfc2136Switcher.class);
            assertThat(r53).isInstanceOf(Route53Switcher.class);
        }
    }

    @Test
    public void noneChangesNothingAndSaysSo() {
        NoDnsSwitcher none = new NoDnsSwitcher();
        none.point("10.0.0.2");

        assertThat(none.current().exists()).isFalse();
        assertThat(none.describe()).contains("none");
    }

    @Test
    public void invalidSettingsFailWithAllTheirProblems() {
        assertThatThrownBy(() -> DnsSwitchers.create(DnsSettings.rfc2136(null, "db", "A", 60, null, null), Optional.empty(),
                AnonymousCredentialsProvider.create()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dns.zone is missing")
                .hasMessageContaining("dns.server is missing");
    }

    @Test
    public void badSecretIsNamedByItsVariableNotShown() {
        assertThatThrownBy(() -> DnsSwitchers.create(DnsSettings.rfc2136("dr.test", "db", "A", 60, "127.0.0.1", "drkey"),
                Optional.of("not base64 !!"), AnonymousCredentialsProvider.create()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DR_DNS_TSIG_SECRET")
                .hasMessageNotContaining("not base64 !!");
    }

    @Test
    public void unknownTsigAlgorithmIsRefusedWithTheSupportedOnes() {
        DnsSettings settings = DnsSettings.rfc2136("dr.test", "db", "A", 60, "127.0.0.1", "drkey").withTsigAlgorithm("hmac-md4");

        assertThatThrownBy(() -> new Rfc2136Switcher(settings, Optional.of("c2VjcmV0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'hmac-md4' is not supported")
                .hasMessageContaining("hmac-sha256");
    }

    /** The factory passes aws-global: on AWS that must reach the one Route 53 endpoint, signed for us-east-1. */
    @Test
    public void awsGlobalResolvesToTheRoute53EndpointSignedForUsEast1() {
        Endpoint endpoint = Route53EndpointProvider.defaultProvider().resolveEndpoint(p -> p.region(Region.AWS_GLOBAL)).join();

        assertThat(endpoint.url().toString()).isEqualTo("https://route53.amazonaws.com");
        assertThat(endpoint.attribute(AwsEndpointAttribute.AUTH_SCHEMES)).singleElement()
                .isInstanceOfSatisfying(SigV4AuthScheme.class, s -> assertThat(s.signingRegion()).isEqualTo("us-east-1"));
    }
}
