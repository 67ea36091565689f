package org.drjenkins.engine.failover.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.config.DnsMode;
import org.drjenkins.engine.config.DnsSettings;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * {@code dns.mode: failover-records} at the wire level against {@link FakeRoute53} (Route 53 has no local server): the
 * switch sends only ListResourceRecordSets, GetHealthCheck and UpdateHealthCheck, never a ChangeResourceRecordSets.
 */
public class Route53FailoverRecordSwitcherWireLevelTest {

    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String RRSET_CHANGE = "POST /2013-04-01/hostedzone/Z123/rrset/";

    private FakeRoute53 route53;
    private String healthCheck;

    @Before
    public void startFakeRoute53WithAPair() throws Exception {
        route53 = new FakeRoute53("Z123", "example.com.");
        healthCheck = route53.addHealthCheck(false);
        route53.put(new FakeRoute53.RecordSet("db.example.com.", "A", "dr-primary", "PRIMARY", 60, List.of("10.0.0.1"),
                healthCheck));
        route53.put(new FakeRoute53.RecordSet("db.example.com.", "A", "dr-secondary", "SECONDARY", 60, List.of("10.0.0.2"),
                null));
    }

    @After
    public void stopFakeRoute53() {
        route53.close();
    }

    private DnsSwitcher switcher() {
        DnsSettings settings = DnsSettings.route53("Z123", "db.example.com", "A", 60).withEndpoint(route53.endpoint())
                .withMode(DnsMode.FAILOVER_RECORDS);
        return DnsSwitchers.create(settings, Optional.empty(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", SECRET_KEY)));
    }

    @Test
    public void wireLevelPointingAtTheSecondaryInvertsOnlyTheHealthCheckAndSendsNoRecordChange() {
        try (DnsSwitcher switcher = switcher()) {
            assertThat(switcher).isInstanceOf(Route53FailoverRecordSwitcher.class);
            assertThat(switcher.current().values()).containsExactly("10.0.0.1");
            route53.clearRequests();

            switcher.point("10.0.0.2");

            assertThat(switcher.current().values()).containsExactly("10.0.0.2");
        }
        assertThat(route53.requestLines()).startsWith("GET /2013-04-01/hostedzone/Z123/rrset",
                "GET /2013-04-01/healthcheck/hc-1", "GET /2013-04-01/healthcheck/hc-1", "POST /2013-04-01/healthcheck/hc-1")
                .doesNotContain(RRSET_CHANGE);
        FakeRoute53.Request update = route53.requests().get(3);
        assertThat(update.text("/UpdateHealthCheckRequest/Inverted")).isEqualTo("true");
        assertThat(update.text("/UpdateHealthCheckRequest/HealthCheckVersion")).isEqualTo("1");
        assertThat(route53.healthCheck(healthCheck).inverted).isTrue();
        assertThat(route53.records()).extracting(FakeRoute53.RecordSet::values)
                .containsExactly(List.of("10.0.0.1"), List.of("10.0.0.2"));
    }

    @Test
    public void wireLevelPointingAgainAtTheAnsweringRecordSendsNoUpdateSoAResumeIsHarmless() {
        route53.healthCheck(healthCheck).inverted = true;
        try (DnsSwitcher switcher = switcher()) {
            switcher.point("10.0.0.2");
        }
        assertThat(route53.requests()).extracting(FakeRoute53.Request::method).containsOnly("GET");
        assertThat(route53.healthCheck(healthCheck).version).isEqualTo(1);
    }

    @Test
    public void wireLevelPointingBackAtThePrimaryRestoresTheHealthCheck() {
        route53.healthCheck(healthCheck).inverted = true;
        try (DnsSwitcher switcher = switcher()) {
            switcher.point("10.0.0.1");
        }
        assertThat(route53.healthCheck(healthCheck).inverted).isFalse();
        assertThat(route53.requests()).filteredOn(r -> r.method().equals("POST")).singleElement()
                .satisfies(r -> assertThat(r.text("/UpdateHealthCheckRequest/Inverted")).isEqualTo("false"));
    }

    @Test
    public void wireLevelAValueOutsideThePairIsRefusedWithoutAnUpdate() {
        try (DnsSwitcher switcher = switcher()) {
            assertThatThrownBy(() -> switcher.point("10.0.0.9")).isInstanceOf(DnsException.class)
                    .hasMessageContaining("holds PRIMARY 10.0.0.1 and SECONDARY 10.0.0.2, not 10.0.0.9")
                    .hasMessageContaining("dr dns setup-failover-records");
            assertThatThrownBy(() -> switcher.probeFor("10.0.0.9")).isInstanceOf(DnsException.class);
        }
        assertThat(route53.requests()).extracting(FakeRoute53.Request::method).containsOnly("GET");
    }

    @Test
    public void wireLevelProbeListsThePairAndGetsItsHealthCheckChangingNothing() {
        String probed;
        try (DnsSwitcher switcher = switcher()) {
            probed = switcher.probeFor("10.0.0.2");
        }
        assertThat(route53.requestLines()).containsExactly("GET /2013-04-01/hostedzone/Z123/rrset",
                "GET /2013-04-01/healthcheck/hc-1");
        assertThat(probed).contains("PRIMARY 10.0.0.1 / SECONDARY 10.0.0.2", "hc-1 not inverted",
                "would invert health check hc-1 and change no record");
    }

    @Test
    public void wireLevelProbeOfAMissingPairFailsNamingTheSetUpCommand() throws Exception {
        try (FakeRoute53 empty = new FakeRoute53("Z123", "example.com.")) {
            DnsSettings settings = DnsSettings.route53("Z123", "db.example.com", "A", 60).withEndpoint(empty.endpoint())
                    .withMode(DnsMode.FAILOVER_RECORDS);
            try (DnsSwitcher switcher = DnsSwitchers.create(settings, Optional.empty(),
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", SECRET_KEY)))) {
                assertThatThrownBy(switcher::probe).isInstanceOf(DnsException.class)
                        .hasMessageContaining("has no failover record pair for db.example.com. A (no PRIMARY dr-primary)")
                        .hasMessageContaining("dr dns setup-failover-records");
            }
            assertThat(empty.requestLines()).containsExactly("GET /2013-04-01/hostedzone/Z123/rrset");
        }
    }

    @Test
    public void wireLevelRefusedCredentialsFailTheProbeWithTheAwsMessageAndNoSecret() {
        route53.refuseAll(403);
        try (DnsSwitcher switcher = switcher()) {
            assertThatThrownBy(switcher::probe).isInstanceOf(DnsException.class)
                    .hasMessageContaining("The security token included in the request is invalid")
                    .hasMessageContaining("hosted zone Z123").hasMessageNotContaining(SECRET_KEY);
        }
    }

    @Test
    public void describeSaysNoRecordIsChanged() {
        try (DnsSwitcher switcher = switcher()) {
            assertThat(switcher.describe()).contains("failover record pair db.example.com. A", "Z123",
                    "no record is changed").doesNotContain(SECRET_KEY, "AKIDEXAMPLE");
        }
    }
}
