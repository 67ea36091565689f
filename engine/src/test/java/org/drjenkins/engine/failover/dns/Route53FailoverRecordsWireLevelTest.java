package org.drjenkins.engine.failover.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.util.Json;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Route 53 has no local server, so this checks the wire level against {@link FakeRoute53}: the exact requests (paths
 * and XML bodies, API 2013-04-01) for setting up the failover record pair with its health check, for failing over by
 * inverting only the health check, and for probing it, and what they leave in the hosted zone.
 */
public class Route53FailoverRecordsWireLevelTest {

    private static final String CHANGE = "/ChangeResourceRecordSetsRequest/ChangeBatch/Changes/Change";

    private FakeRoute53 route53;

    @Before
    public void startFakeRoute53() throws Exception {
        route53 = new FakeRoute53("Z123", "example.com.");
    }

    @After
    public void stopFakeRoute53() {
        route53.close();
    }

    private Route53FailoverRecords records() {
        return new Route53FailoverRecords("Z123", "db.example.com", "a", 30,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret-never-shown")),
                Region.AWS_GLOBAL, Optional.of(route53.endpoint()));
    }

    @Test
    public void wireLevelSetUpListsTheNameCreatesACalculatedHealthCheckThenUpsertsThePrimaryAndSecondaryFailoverRecords() {
        String id;
        try (Route53FailoverRecords records = records()) {
            id = records.setUp("10.0.1.100", "10.1.1.100");
        }

        assertThat(id).isEqualTo("hc-1");
        assertThat(route53.requestLines()).containsExactly("GET /2013-04-01/hostedzone/Z123/rrset",
                "POST /2013-04-01/healthcheck", "POST /2013-04-01/hostedzone/Z123/rrset/");
        assertThat(route53.requests().get(0).query().split("&")).containsExactlyInAnyOrder("name=db.example.com.", "type=A",
                "maxitems=10");
        FakeRoute53.Request create = route53.requests().get(1);
        assertThat(create.text("/CreateHealthCheckRequest/CallerReference")).startsWith("dr-");
        assertThat(create.text("/CreateHealthCheckRequest/HealthCheckConfig/Type")).isEqualTo("CALCULATED");
        assertThat(create.text("/CreateHealthCheckRequest/HealthCheckConfig/HealthThreshold")).isEqualTo("0");
        assertThat(create.text("/CreateHealthCheckRequest/HealthCheckConfig/Inverted")).isEqualTo("false");

        FakeRoute53.Request change = route53.requests().get(2);
        String first = CHANGE + "[1]";
        String second = CHANGE + "[2]";
        assertThat(change.text("count(" + CHANGE + ")")).isEqualTo("2");
        assertThat(change.text(first + "/Action")).isEqualTo("UPSERT");
        assertThat(change.text(first + "/ResourceRecordSet/Name")).isEqualTo("db.example.com.");
        assertThat(change.text(first + "/ResourceRecordSet/Type")).isEqualTo("A");
        assertThat(change.text(first + "/ResourceRecordSet/SetIdentifier")).isEqualTo("dr-primary");
        assertThat(change.text(first + "/ResourceRecordSet/Failover")).isEqualTo("PRIMARY");
        assertThat(change.text(first + "/ResourceRecordSet/HealthCheckId")).isEqualTo("hc-1");
        assertThat(change.text(first + "/ResourceRecordSet/TTL")).isEqualTo("30");
        assertThat(change.text(first + "/ResourceRecordSet/ResourceRecords/ResourceRecord/Value")).isEqualTo("10.0.1.100");
        assertThat(change.text(second + "/Action")).isEqualTo("UPSERT");
        assertThat(change.text(second + "/ResourceRecordSet/SetIdentifier")).isEqualTo("dr-secondary");
        assertThat(change.text(second + "/ResourceRecordSet/Failover")).isEqualTo("SECONDARY");
        assertThat(change.text(second + "/ResourceRecordSet/HealthCheckId")).isEmpty();
        assertThat(change.text(second + "/ResourceRecordSet/ResourceRecords/ResourceRecord/Value")).isEqualTo("10.1.1.100");
        assertThat(route53.requests()).allSatisfy(r -> assertThat(r.authorization()).as("signed for Route 53 in us-east-1")
                .contains("/us-east-1/route53/aws4_request").doesNotContain("secret-never-shown"));
        assertThat(route53.records()).extracting(FakeRoute53.RecordSet::setIdentifier, FakeRoute53.RecordSet::values)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("dr-primary", List.of("10.0.1.100")),
                        org.assertj.core.groups.Tuple.tuple("dr-secondary", List.of("10.1.1.100")));
    }

    @Test
    public void wireLevelASecondSetUpOnlyReadsAndCreatesNoSecondHealthCheck() {
        try (Route53FailoverRecords records = records()) {
            records.setUp("10.0.1.100", "10.1.1.100");
            route53.clearRequests();

            Route53FailoverRecords.SetUpPlan plan = records.plan("10.0.1.100", "10.1.1.100");
            assertThat(plan.changesNothing()).isTrue();
            assertThat(plan.summary()).startsWith("already set up").contains("hc-1");
            assertThat(records.apply(plan)).isEqualTo("hc-1");
        }

        assertThat(route53.requestLines()).containsExactly("GET /2013-04-01/hostedzone/Z123/rrset",
                "GET /2013-04-01/healthcheck/hc-1");
        assertThat(route53.healthChecks()).containsOnlyKeys("hc-1");
    }

    @Test
    public void wireLevelSetUpReplacesAPlainRecordInTheSameBatchDeletingItExactly() {
        route53.put(new FakeRoute53.RecordSet("db.example.com.", "A", null, null, 60, List.of("10.0.1.100"), null));

        try (Route53FailoverRecords records = records()) {
            records.setUp("10.0.1.100", "10.1.1.100");
        }

        FakeRoute53.Request change = route53.requests().get(2);
        assertThat(change.text("count(" + CHANGE + ")")).isEqualTo("3");
        assertThat(change.text(CHANGE + "[1]/Action")).isEqualTo("DELETE");
        assertThat(change.text(CHANGE + "[1]/ResourceRecordSet/TTL")).isEqualTo("60");
        assertThat(change.text(CHANGE + "[1]/ResourceRecordSet/SetIdentifier")).isEmpty();
        assertThat(change.text(CHANGE + "[1]/ResourceRecordSet/ResourceRecords/ResourceRecord/Value")).isEqualTo("10.0.1.100");
        assertThat(change.text(CHANGE + "[2]/ResourceRecordSet/Failover")).isEqualTo("PRIMARY");
        assertThat(route53.records()).extracting(FakeRoute53.RecordSet::setIdentifier)
                .containsExactlyInAnyOrder("dr-primary", "dr-secondary");
    }

    @Test
    public void wireLevelSetUpNeverMovesTrafficAPlainRecordAnsweringAnotherValueIsRefusedWithNothingSent() {
        route53.put(new FakeRoute53.RecordSet("db.example.com.", "A", null, null, 60, List.of("10.9.9.9"), null));

        try (Route53FailoverRecords records = records()) {
            assertThatThrownBy(() -> records.setUp("10.0.1.100", "10.1.1.100")).isInstanceOf(DnsException.class)
                    .hasMessageContaining("answers 10.9.9.9 (a plain record), not the primary region's 10.0.1.100")
                    .hasMessageContaining("never moves traffic");
        }
        assertThat(route53.requestLines()).containsExactly("GET /2013-04-01/hostedzone/Z123/rrset");
        assertThat(route53.healthChecks()).isEmpty();
    }

    @Test
    public void wireLevelAFailedOverPairKeepsItsOrientationAndASetUpForTheNewPrimaryChangesNothing() {
        try (Route53FailoverRecords records = records()) {
            String id = records.setUp("10.0.1.100", "10.1.1.100");
            records.failOver(id);
            route53.clearRequests();

            assertThat(records.plan("10.1.1.100", "10.0.1.100").changesNothing()).isTrue();
            assertThatThrownBy(() -> records.plan("10.0.1.100", "10.1.1.100")).isInstanceOf(DnsException.class)
                    .hasMessageContaining("answers 10.1.1.100 (its SECONDARY: health check hc-1 is inverted");
        }
        assertThat(route53.requests()).extracting(FakeRoute53.Request::method).containsOnly("GET");
    }

    @Test
    public void wireLevelDryRunPlanSendsOnlyReadsAndItsChangeBatchNamesTheHealthCheckToBeCreated() {
        Map<String, Object> batch;
        try (Route53FailoverRecords records = records()) {
            batch = Route53FailoverRecords.changeBatch(records.plan("10.0.1.100", "10.1.1.100"));
        }

        assertThat(route53.requestLines()).containsExactly("GET /2013-04-01/hostedzone/Z123/rrset");
        assertThat(Json.toText(batch)).contains("\"Action\" : \"UPSERT\"", "\"SetIdentifier\" : \"dr-primary\"",
                "\"Failover\" : \"PRIMARY\"", "\"HealthCheckId\" : \"<created by the set-up>\"", "\"Value\" : \"10.1.1.100\"");
    }

    @Test
    public void wireLevelFailOverOnlyInvertsTheHealthCheckAtTheVersionItReadAndTouchesNoRecord() {
        String id = route53.addHealthCheck(false);
        route53.healthCheck(id).version = 4;
        try (Route53FailoverRecords records = records()) {
            records.failOver(id);
        }

        assertThat(route53.requestLines()).containsExactly("GET /2013-04-01/healthcheck/hc-1",
                "POST /2013-04-01/healthcheck/hc-1");
        FakeRoute53.Request update = route53.requests().get(1);
        assertThat(update.xml().getDocumentElement().getNodeName()).isEqualTo("UpdateHealthCheckRequest");
        assertThat(update.text("/UpdateHealthCheckRequest/Inverted")).isEqualTo("true");
        assertThat(update.text("/UpdateHealthCheckRequest/HealthCheckVersion")).isEqualTo("4");
        assertThat(route53.healthCheck(id).inverted).isTrue();
    }

    @Test
    public void wireLevelSetInvertedSendsNothingWhenTheHealthCheckIsAlreadySo() {
        String id = route53.addHealthCheck(true);
        try (Route53FailoverRecords records = records()) {
            assertThat(records.setInverted(id, true)).isFalse();
        }
        assertThat(route53.requestLines()).containsExactly("GET /2013-04-01/healthcheck/hc-1");
    }

    @Test
    public void wireLevelProbeReadsTheHealthCheckWithGetHealthCheckAndSaysWhichRecordAnswers() {
        String id = route53.addHealthCheck(false);
        try (Route53FailoverRecords records = records()) {
            assertThat(records.probe(id)).isEqualTo("Route 53 health check hc-1 (CALCULATED, version 1) is not"
                    + " inverted: db.example.com. answers with its PRIMARY");
            records.failOver(id);
            assertThat(records.probe(id)).contains("is inverted: db.example.com. answers with its SECONDARY");
        }
        assertThat(route53.requestLines()).startsWith("GET /2013-04-01/healthcheck/hc-1");
    }

    @Test
    public void wireLevelAnUnknownHealthCheckIsAClearErrorNamingIt() {
        try (Route53FailoverRecords records = records()) {
            assertThatThrownBy(() -> records.failOver("hc-404")).isInstanceOf(DnsException.class)
                    .hasMessageContaining("Route 53 did not return health check hc-404 of db.example.com.")
                    .hasMessageContaining("No health check exists with the specified ID");
        }
        assertThat(route53.requests()).extracting(FakeRoute53.Request::method).containsOnly("GET");
    }
}
