package org.drjenkins.engine.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.drjenkins.engine.failover.ReplicationPair.REGION_A;
import static org.drjenkins.engine.failover.ReplicationPair.REGION_B;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.failover.dns.FailoverRecordsSetup;
import org.drjenkins.engine.failover.dns.FakeRoute53;
import org.drjenkins.engine.postgres.LocalCluster;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Failovers of a real streaming pair in {@code dns.mode: failover-records}, against a local Route 53 endpoint checked at
 * the wire level ({@link FakeRoute53}): the dry run probes the record pair and its health check, the failover flips
 * the health check and sends no record change, a failover stopped at switch-dns is finished by a rerun.
 */
public class FailoverRecordsFailoverTest {

    private static final Map<String, String> VALUES = Map.of(REGION_A, "10.0.0.1", REGION_B, "10.0.0.2");
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String RRSET_CHANGE = "POST /2013-04-01/hostedzone/Z123/rrset/";
    private static final AwsCredentialsProvider AWS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIDEXAMPLE", SECRET));

    private static ReplicationPair pair;

    private final RecordingProgress progress = new RecordingProgress();
    private final FailoverJournal journal = FailoverJournal.inMemory();
    private FakeRoute53 route53;

    @BeforeClass
    public static void startPair() throws Exception {
        pair = ReplicationPair.start("failover-records");
    }

    @AfterClass
    public static void stopPair() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    @Before
    public void startRoute53() throws Exception {
        route53 = new FakeRoute53("Z123", "example.com.");
    }

    @After
    public void restorePair() throws Exception {
        System.err.println(progress);
        route53.close();
        pair.restore();
    }

    /** Both regions, the current primary with role primary, DNS as a Route 53 failover record pair. */
    private DrConfig config() throws Exception {
        String primary = pair.primaryRegion();
        StringBuilder yaml = new StringBuilder("regions:\n");
        for (String region : List.of(REGION_A, REGION_B)) {
            LocalCluster cluster = pair.cluster(region);
            yaml.append("  - name: ").append(region).append('\n')
                    .append("    role: ").append(region.equals(primary) ? "primary" : "secondary").append('\n')
                    .append("    bucket: fr-").append(region).append('\n')
                    .append("    database: \"").append(cluster.url("postgres")).append("\"\n")
                    .append("    dns: { provider: route53, mode: failover-records, hostedZoneId: Z123,")
                    .append(" recordName: db.example.com, endpoint: \"").append(route53.endpoint()).append("\", value: ")
                    .append(VALUES.get(region)).append(" }\n");
        }
        yaml.append("targets:\n  database: { rto: 15m, rpo: 5m }\n");
        return ConfigLoader.parse(yaml.toString(), "failover-records test dr.yaml");
    }

    /** The calm-times set-up, as dr dns setup-failover-records runs it; returns the health check's id. */
    private String setUp(DrConfig config) {
        try (FailoverRecordsSetup setup = FailoverRecordsSetup.of(config, Optional.empty(), Optional.empty(), AWS)) {
            String id = setup.apply(setup.plan());
            route53.clearRequests();
            return id;
        }
    }

    private FailoverService service(DrConfig config) {
        FailoverTools tools = new FailoverTools(Optional.empty(), DnsSwitcherFactory.standard(Optional.empty(), AWS),
                IncidentNotifier.none(progress), FailoverLimits.defaults(), journal);
        return new FailoverService(config, tools, Clock.systemUTC(), progress);
    }

    private static Gate dnsGate(FailoverResult result) {
        return result.gates().stream().filter(g -> g.name().startsWith("DNS")).findFirst().orElseThrow();
    }

    @Test
    public void wireLevelDryRunProbesThePairAndItsHealthCheckAndChangesNothing() throws Exception {
        DrConfig config = config();
        String healthCheck = setUp(config);

        FailoverResult result = service(config).run(FailoverRequest.to(pair.standbyRegion()).asDryRun(true));

        assertThat(result.refused()).as(progress.toString()).isFalse();
        assertThat(dnsGate(result).passed()).isTrue();
        assertThat(dnsGate(result).detail()).contains("failover record pair", "would invert health check " + healthCheck,
                "change no record");
        assertThat(result.plan()).contains("set the health check of the Route 53 failover record pair db.example.com. A"
                + " so it answers " + VALUES.get(pair.standbyRegion()));
        assertThat(route53.requestLines()).containsExactly("GET /2013-04-01/hostedzone/Z123/rrset",
                "GET /2013-04-01/healthcheck/" + healthCheck);
        assertThat(route53.healthCheck(healthCheck).inverted).isFalse();
    }

    @Test
    public void wireLevelDryRunSaysFailWhenThePairIsMissingOrTheCredentialsAreRefused() throws Exception {
        DrConfig config = config();

        FailoverResult missing = service(config).run(FailoverRequest.to(pair.standbyRegion()).asDryRun(true));

        assertThat(missing.refused()).isTrue();
        assertThat(dnsGate(missing).passed()).isFalse();
        assertThat(dnsGate(missing).detail()).contains("no failover record pair for db.example.com.",
                "dr dns setup-failover-records");

        setUp(config);
        route53.refuseAll(403);
        FailoverResult refused = service(config).run(FailoverRequest.to(pair.standbyRegion()).asDryRun(true));

        assertThat(refused.refused()).isTrue();
        assertThat(dnsGate(refused).passed()).isFalse();
        assertThat(dnsGate(refused).detail()).contains("The security token included in the request is invalid")
                .doesNotContain(SECRET);
        assertThat(route53.requestLines()).doesNotContain(RRSET_CHANGE);
    }

    @Test
    public void wireLevelFailoverFlipsTheHealthCheckAndSendsNoUpsert() throws Exception {
        String oldPrimary = pair.primaryRegion();
        String target = pair.standbyRegion();
        DrConfig config = config();
        String healthCheck = setUp(config);
        List<FakeRoute53.RecordSet> recordsBefore = route53.records();

        FailoverResult result = service(config).run(FailoverRequest.to(target));

        assertThat(result.completed()).as(progress.toString()).isTrue();
        assertThat(result.steps()).extracting(Step::name).contains("promote", "switch-dns", "post-checks");
        assertThat(ReplicationPair.writable(pair.cluster(target))).isTrue();
        assertThat(ReplicationPair.writable(pair.cluster(oldPrimary))).isFalse();
        assertThat(route53.healthCheck(healthCheck).inverted).as("Route 53 now answers the SECONDARY").isTrue();
        assertThat(route53.records()).isEqualTo(recordsBefore);
        assertThat(route53.requestLines()).doesNotContain(RRSET_CHANGE)
                .contains("POST /2013-04-01/healthcheck/" + healthCheck);
        assertThat(route53.requests()).filteredOn(r -> r.method().equals("POST")).singleElement()
                .satisfies(r -> assertThat(r.text("/UpdateHealthCheckRequest/Inverted")).isEqualTo("true"));
        assertThat(result.steps()).filteredOn(s -> s.name().equals("switch-dns")).singleElement()
                .satisfies(s -> assertThat(s.detail()).contains(VALUES.get(oldPrimary) + " -> " + VALUES.get(target)));
    }

    @Test
    public void wireLevelAFailoverStoppedAtSwitchDnsIsFinishedByARerunThatOnlyFlipsTheHealthCheck() throws Exception {
        String oldPrimary = pair.primaryRegion();
        String target = pair.standbyRegion();
        DrConfig config = config();
        String healthCheck = setUp(config);
        route53.refuseAll(503);

        FailoverResult stopped = service(config).run(FailoverRequest.to(target).forced(true));

        assertThat(stopped.completed()).as(progress.toString()).isFalse();
        assertThat(stopped.steps()).extracting(Step::name, Step::status).contains(
                org.assertj.core.groups.Tuple.tuple("promote", Step.Status.DONE),
                org.assertj.core.groups.Tuple.tuple("switch-dns", Step.Status.FAILED));
        assertThat(stopped.finishWith()).first().isEqualTo("dr failover --to " + target + " --resume");
        assertThat(stopped.finishWith().get(1)).startsWith("aws route53 update-health-check --endpoint-url "
                + route53.endpoint()).contains("SetIdentifier=='dr-primary'", "--inverted").doesNotContain(SECRET);
        assertThat(route53.healthCheck(healthCheck).inverted).isFalse();

        route53.refuseAll(0);
        route53.clearRequests();
        FailoverResult finished = service(config).run(FailoverRequest.to(target).resuming(true));

        assertThat(finished.completed()).as(progress.toString()).isTrue();
        assertThat(finished.from()).isEqualTo(oldPrimary);
        assertThat(route53.healthCheck(healthCheck).inverted).isTrue();
        assertThat(route53.requestLines()).doesNotContain(RRSET_CHANGE);
        assertThat(ReplicationPair.writable(pair.cluster(target))).isTrue();
        assertThat(ReplicationPair.writable(pair.cluster(oldPrimary))).isFalse();
    }
}
