package org.drjenkins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.drjenkins.engine.failover.dns.FakeRoute53;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

/**
 * {@code dr dns setup-failover-records} and {@code dr dns status} at the wire level against a local Route 53 endpoint
 * ({@link FakeRoute53}; Route 53 has no local server) that records every request and keeps what it was sent.
 */
public class DnsCommandTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private FakeRoute53 route53;

    @Before
    public void startRoute53() throws Exception {
        route53 = new FakeRoute53("Z123", "example.com.");
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", SECRET);
    }

    @After
    public void stopRoute53() {
        System.err.println(out + "\n" + err); // into the test's output file, for when it fails
        CliStore.forgetKeys();
        route53.close();
    }

    private Path config(String mode) throws Exception {
        Path file = temp.getRoot().toPath().resolve("dr.yaml");
        StringBuilder yaml = new StringBuilder("regions:\n");
        String[][] regions = {{"us-east-1", "primary", "10.0.0.1"}, {"eu-west-1", "secondary", "10.0.0.2"}};
        for (String[] r : regions) {
            yaml.append("  - name: ").append(r[0]).append("\n    role: ").append(r[1]).append("\n    bucket: dns-cli-")
                    .append(r[0]).append("\n    dns: { provider: route53, mode: ").append(mode)
                    .append(", hostedZoneId: Z123, recordName: db.example.com, endpoint: \"").append(route53.endpoint())
                    .append("\", value: ").append(r[2]).append(" }\n");
        }
        Files.writeString(file, yaml.toString());
        return file;
    }

    private int run(String... args) {
        CommandLine cli = DrCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    public void wireLevelSetupDryRunPrintsTheChangeBatchAndSendsOnlyAListing() throws Exception {
        Path file = config("failover-records");

        assertThat(run("dns", "setup-failover-records", "--dry-run", "--config", file.toString())).as(err.toString()).isZero();

        assertThat(route53.requestLines()).containsExactly("GET /2013-04-01/hostedzone/Z123/rrset");
        assertThat(out.toString()).contains("answers us-east-1's 10.0.0.1, fails over to eu-west-1's 10.0.0.2",
                "create a health check (CALCULATED, threshold 0, not inverted)",
                "change batch (aws route53 change-resource-record-sets --hosted-zone-id Z123 --change-batch):",
                "\"SetIdentifier\" : \"dr-primary\"", "\"HealthCheckId\" : \"<created by the set-up>\"",
                "\"Failover\" : \"SECONDARY\"", "dry run: nothing changed").doesNotContain(SECRET);
        assertThat(route53.records()).isEmpty();
        assertThat(route53.healthChecks()).isEmpty();
    }

    @Test
    public void wireLevelSetupCreatesThePairWithItsHealthCheckAndASecondRunChangesNothing() throws Exception {
        Path file = config("failover-records");

        assertThat(run("dns", "setup-failover-records", "--config", file.toString())).as(err.toString()).isZero();

        assertThat(route53.requestLines()).containsExactly("GET /2013-04-01/hostedzone/Z123/rrset",
                "POST /2013-04-01/healthcheck", "POST /2013-04-01/hostedzone/Z123/rrset/");
        assertThat(route53.records()).extracting(FakeRoute53.RecordSet::setIdentifier, FakeRoute53.RecordSet::values,
                FakeRoute53.RecordSet::healthCheckId).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("dr-primary", List.of("10.0.0.1"), "hc-1"),
                        org.assertj.core.groups.Tuple.tuple("dr-secondary", List.of("10.0.0.2"), null));
        assertThat(out.toString()).contains("DONE: the pair is set up with health check hc-1");
        assertThat(route53.requests()).allSatisfy(r -> assertThat(r.authorization())
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/").doesNotContain(SECRET));

        route53.clearRequests();
        out.getBuffer().setLength(0);
        assertThat(run("dns", "setup-failover-records", "--config", file.toString())).as(err.toString()).isZero();

        assertThat(route53.requests()).extracting(FakeRoute53.Request::method).containsOnly("GET");
        assertThat(out.toString()).contains("already set up", "DONE: nothing to change");
        assertThat(route53.healthChecks()).containsOnlyKeys("hc-1");
    }

    @Test
    public void setupRefusesRegionsInUpsertModeWithExitTwoNamingTheSetting() throws Exception {
        Path file = config("upsert");

        assertThat(run("dns", "setup-failover-records", "--config", file.toString())).isEqualTo(2);

        assertThat(err.toString()).contains("region us-east-1 dns.mode is upsert: set mode: failover-records");
        assertThat(route53.requests()).isEmpty();
    }

    @Test
    public void wireLevelSetupThatWouldMoveTrafficExitsOneAndChangesNothing() throws Exception {
        Path file = config("failover-records");
        route53.put(new FakeRoute53.RecordSet("db.example.com.", "A", null, null, 60, List.of("10.0.0.2"), null));

        assertThat(run("dns", "setup-failover-records", "--config", file.toString())).isEqualTo(1);

        assertThat(err.toString()).contains("answers 10.0.0.2 (a plain record), not the primary region's 10.0.0.1");
        assertThat(route53.requests()).extracting(FakeRoute53.Request::method).containsOnly("GET");
    }

    @Test
    public void wireLevelStatusShowsWhichRecordOfThePairAnswersAndFailsWithoutAPair() throws Exception {
        Path file = config("failover-records");

        assertThat(run("dns", "status", "--config", file.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("us-east-1: dns.mode failover-records, FAIL:", "dr dns setup-failover-records");

        assertThat(run("dns", "setup-failover-records", "--config", file.toString())).isZero();
        out.getBuffer().setLength(0);
        route53.clearRequests();
        assertThat(run("dns", "status", "--config", file.toString())).as(out.toString()).isZero();

        assertThat(out.toString()).contains("us-east-1: dns.mode failover-records, db.example.com. 60 A 10.0.0.1 (this region's value)",
                "eu-west-1: dns.mode failover-records, db.example.com. 60 A 10.0.0.1 (this region's is 10.0.0.2)",
                "would invert health check hc-1");
        assertThat(route53.requests()).extracting(FakeRoute53.Request::method).containsOnly("GET");
    }
}
