package org.drjenkins.engine.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.drjenkins.engine.failover.ReplicationPair.REGION_A;
import static org.drjenkins.engine.failover.ReplicationPair.REGION_B;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.failover.DnsSwitcherFactory;
import org.drjenkins.engine.failover.EvidenceJson;
import org.drjenkins.engine.failover.FailoverLimits;
import org.drjenkins.engine.failover.FailoverTools;
import org.drjenkins.engine.failover.IncidentNotifier;
import org.drjenkins.engine.failover.RecordingProgress;
import org.drjenkins.engine.failover.RecordingWebhook;
import org.drjenkins.engine.failover.ReplicationPair;
import org.drjenkins.engine.failover.dns.BindServer;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.testing.S3Fixture;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.util.Json;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Every drill scenario against a real streaming pair with local data directories, a real BIND, a real S3 server and a
 * real webhook; each writes its three reports. After each test the pair is one writable primary and one standby again.
 */
public class DrillRunnerTest {

    private static final Map<String, String> VALUES = Map.of(REGION_A, "10.0.0.1", REGION_B, "10.0.0.2");
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration THRESHOLD = Duration.ofSeconds(1);

    @ClassRule
    public static final S3Fixture S3 = new S3Fixture();

    private static ReplicationPair pair;
    private static BindServer bind;
    private static RecordingWebhook webhook;
    private static Path jobs;

    private final RecordingProgress progress = new RecordingProgress();

    @BeforeClass
    public static void startEverything() throws Exception {
        pair = ReplicationPair.start("drill");
        pair.primary().execute("postgres", "create table builds (id int primary key, result text);"
                + "insert into builds select g, 'SUCCESS' from generate_series(1, 100) g");
        bind = BindServer.start("db IN A 10.0.0.1");
        webhook = new RecordingWebhook();
        jobs = Files.createTempDirectory("drill-jobs");
        Files.writeString(jobs.resolve("config.xml"), "<project/>");
    }

    @AfterClass
    public static void stopEverything() throws Exception {
        try {
            if (webhook != null) {
                webhook.close();
            }
            if (bind != null) {
                bind.close();
            }
            if (jobs != null) {
                org.drjenkins.engine.util.TempFiles.deleteRecursively(jobs);
            }
        } finally {
            if (pair != null) {
                pair.close();
            }
        }
    }

    @After
    public void restorePair() throws Exception {
        System.err.println(progress); // into the test's output file, for when it fails
        webhook.clear();
        pair.restore();
    }

    /** Both regions local (pg_rewind can rejoin either), with DNS and checks; the current primary has role primary. */
    private DrConfig config(String extraWebhook) throws Exception {
        return config(extraWebhook, "");
    }

    /** @param firstComponents YAML lines of components listed before database and jobs */
    private DrConfig config(String extraWebhook, String firstComponents) throws Exception {
        String primary = pair.primaryRegion();
        StringBuilder yaml = new StringBuilder("regions:\n");
        for (String region : List.of(REGION_A, REGION_B)) {
            LocalCluster cluster = pair.cluster(region);
            yaml.append("  - name: ").append(region).append('\n')
                    .append("    role: ").append(region.equals(primary) ? "primary" : "secondary").append('\n')
                    .append("    bucket: drill-").append(region).append('\n')
                    .append("    endpoint: \"").append(S3.server().endpoint()).append("\"\n")
                    .append("    database: \"").append(cluster.url("postgres")).append("\"\n")
                    .append("    dataDirectory: \"").append(cluster.dataDir()).append("\"\n")
                    .append("    healthChecks: [ { tcp: \"127.0.0.1:").append(cluster.port()).append("\" }, ")
                    .append("{ postgres: \"select count(*) = 100 from builds\" } ]\n")
                    .append("    dns: { provider: rfc2136, zone: dr.test, recordName: db, server: \"").append(bind.address())
                    .append("\", tsigKeyName: drkey, value: ").append(VALUES.get(region)).append(" }\n");
        }
        yaml.append("components:\n").append(firstComponents)
                .append("  database: { type: postgres, url: \"").append(pair.primary().url("postgres"))
                .append("\", checks: [ \"select count(*) = 100 from builds\" ] }\n")
                .append("  jobs: { type: directory, path: \"").append(jobs).append("\" }\n")
                .append("notifications:\n  service: ci-failure-agent\n  webhooks:\n")
                .append("    - { name: incidents, url: \"").append(webhook.url()).append("\" }\n")
                .append(extraWebhook);
        DrConfig config = ConfigLoader.parse(yaml.toString(), "drill test dr.yaml");
        for (Region region : config.regions()) {
            try (ObjectStore store = S3.open(region)) {
                store.createBucketIfMissing();
            }
        }
        return config;
    }

    private DrillRunner runner(DrConfig config) {
        FailoverTools failover = new FailoverTools(Optional.empty(),
                DnsSwitcherFactory.standard(Optional.of(bind.secret()), S3.server().credentials()),
                IncidentNotifier.fromConfig(config.notifications(), Map.of(), Duration.ofSeconds(2), progress),
                FailoverLimits.defaults());
        Secrets secrets = new Secrets(S3.server().credentials(), Optional.empty(), List.of(), Optional.empty());
        return new DrillRunner(config, new DrillTools(secrets, S3.stores(), failover, Map.of()), Clock.systemUTC(),
                progress);
    }

    private static DrillOptions shortened(Scenario scenario) {
        return DrillOptions.of(scenario).detection(INTERVAL, THRESHOLD);
    }

    @Test
    public void backupRestoreDrillBacksUpAndRestoresEveryComponentAndMeasuresThem() throws Exception {
        DrillReport report = runner(config("")).run(DrillOptions.of(Scenario.BACKUP_RESTORE));

        assertThat(report.outcome()).as(progress.toString()).isEqualTo(DrillOutcome.PASSED);
        assertThat(report.phases()).extracting(PhaseResult::name).containsExactly("backup database",
                "verify-restore database", "backup jobs", "verify-restore jobs");
        assertThat(report.components()).extracting(ComponentResult::component).containsExactly("database", "jobs");
        assertThat(report.components()).allMatch(ComponentResult::compliant);
        assertThat(report.rtoSeconds()).isPositive();
        assertThat(report.detection()).isNull();
        assertThreeReports(report);
    }

    @Test
    public void aComponentWhoseBackupFailsIsReportedAndEveryLaterComponentIsStillDrilled() throws Exception {
        DrillReport report = runner(config("", "  broken: { type: command, command: \"echo no such export >&2; exit 3\" }\n"))
                .run(DrillOptions.of(Scenario.BACKUP_RESTORE));

        assertThat(report.outcome()).as(progress.toString()).isEqualTo(DrillOutcome.FAILED);
        assertThat(report.phases()).extracting(PhaseResult::name, PhaseResult::status).containsExactly(
                tuple("backup broken", PhaseStatus.FAILED), tuple("verify-restore broken", PhaseStatus.SKIPPED),
                tuple("backup database", PhaseStatus.PASSED), tuple("verify-restore database", PhaseStatus.PASSED),
                tuple("backup jobs", PhaseStatus.PASSED), tuple("verify-restore jobs", PhaseStatus.PASSED));
        assertThat(report.phases().get(0).detail()).contains("exit");
        assertThat(report.phases().get(1).detail()).isEqualTo("not run: the backup of broken was not stored");
        assertThat(report.components()).extracting(ComponentResult::component, ComponentResult::compliant)
                .containsExactly(tuple("broken", false), tuple("database", true), tuple("jobs", true));
        assertThat(report.components().get(0).basis()).isEqualTo("the backup failed, so nothing was verified");
        String junit = DrillJunit.render(report);
        assertThat(junit).contains("failures=\"2\"").contains("skipped=\"1\"");
    }

    @Test
    public void databaseFailoverDrillMeasuresRtoAndRpoWithMarkersAndSwitchesBack() throws Exception {
        String primary = pair.primaryRegion();
        String standby = pair.standbyRegion();

        DrillReport report = runner(config("")).run(shortened(Scenario.DATABASE_FAILOVER).switchingBack(true));

        assertThat(report.outcome()).as(progress.toString()).isEqualTo(DrillOutcome.PASSED);
        assertThat(report.phases()).extracting(PhaseResult::name).containsExactly("steady-state", "fault", "detection",
                "failover", "steady-state-after", "rollback");
        assertThat(report.phases()).allMatch(p -> p.status() == PhaseStatus.PASSED);
        assertThat(report.detection()).contains("every 100ms", "after 1s", "shortened for the drill", "every 30s",
                "after 5m");
        ComponentResult database = report.components().get(0);
        assertThat(report.components()).hasSize(1);
        assertThat(database.component()).isEqualTo("database");
        assertThat(database.rtoSeconds()).isGreaterThanOrEqualTo(THRESHOLD.toSeconds());
        assertThat(database.rpoSeconds()).isNotNull().isLessThan(5.0);
        assertThat(database.basis()).contains("markers");
        assertThat(report.failovers()).hasSize(2);
        assertThat(report.failovers().get(0).from()).isEqualTo(primary);
        assertThat(report.failovers().get(1).to()).isEqualTo(primary);
        assertThat(report.phases().get(5).detail()).contains("pg_rewind", "switched back to " + primary,
                "end state: " + primary + " is the writable primary");

        assertThat(pair.primaryRegion()).isEqualTo(primary);
        assertThat(ReplicationPair.writable(pair.cluster(primary))).isTrue();
        assertThat(ReplicationPair.inRecovery(pair.cluster(standby))).isTrue();
        assertThat(bind.dig("db.dr.test", "A")).containsExactly(VALUES.get(primary));
        assertThat(webhook.texts()).anyMatch(t -> t.contains("[INCIDENT] ci-failure-agent - DR drill " + report.drillId()));
        assertThreeReports(report);

        assertThat(new DrillHistory(config(""), S3.stores()).latest(Scenario.DATABASE_FAILOVER))
                .hasValueSatisfying(r -> {
                    assertThat(r.drillId()).isEqualTo(report.drillId());
                    assertThat(r.passed()).isTrue();
                    assertThat(r.rtoSeconds()).isEqualTo(report.rtoSeconds());
                });
    }

    @Test
    public void regionFailoverDrillSwitchesDnsAndMeasuresEveryComponentOfTheRegion() throws Exception {
        String primary = pair.primaryRegion();
        String standby = pair.standbyRegion();

        DrillReport report = runner(config("")).run(shortened(Scenario.REGION_FAILOVER));

        assertThat(report.outcome()).as(progress.toString()).isEqualTo(DrillOutcome.PASSED);
        assertThat(report.components()).extracting(ComponentResult::component)
                .containsExactly("database", "dns", "application");
        assertThat(report.components()).allMatch(ComponentResult::compliant);
        assertThat(report.components().get(1).rtoSeconds()).isLessThan(60.0);
        assertThat(report.failovers()).singleElement().satisfies(f -> assertThat(f.doneSteps()).contains("switch-dns"));
        // No switch back: the standby region is now the primary, the old primary follows it.
        assertThat(pair.primaryRegion()).isEqualTo(standby);
        assertThat(ReplicationPair.inRecovery(pair.cluster(primary))).isTrue();
        assertThat(bind.dig("db.dr.test", "A")).containsExactly(VALUES.get(standby));
        assertThreeReports(report);
    }

    @Test
    public void endToEndDrillRunsBackupRestoreThenRegionFailoverInOneReport() throws Exception {
        DrillReport report = runner(config("")).run(shortened(Scenario.END_TO_END).switchingBack(true));

        assertThat(report.outcome()).as(progress.toString()).isEqualTo(DrillOutcome.PASSED);
        assertThat(report.phases()).extracting(PhaseResult::name).containsExactly("backup database",
                "verify-restore database", "backup jobs", "verify-restore jobs", "steady-state", "fault", "detection",
                "failover", "steady-state-after", "rollback");
        assertThat(report.components()).extracting(ComponentResult::component)
                .containsExactly("database", "jobs", "database", "dns", "application");
        assertThreeReports(report);
    }

    @Test
    public void anAbortedDrillRollsBackAndLeavesOneWritablePrimaryAndOneStandby() throws Exception {
        String primary = pair.primaryRegion();
        String standby = pair.standbyRegion();
        // Detection needs 30 s of failure; the drill may take 4 s: it runs out of time with the primary down.
        DrillOptions options = DrillOptions.of(Scenario.DATABASE_FAILOVER).detection(INTERVAL, Duration.ofSeconds(30))
                .budget(Duration.ofSeconds(4));

        DrillReport report = runner(config("")).run(options);

        assertThat(report.outcome()).as(progress.toString()).isEqualTo(DrillOutcome.ABORTED);
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.phases()).extracting(PhaseResult::name, PhaseResult::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("steady-state", PhaseStatus.PASSED),
                org.assertj.core.groups.Tuple.tuple("fault", PhaseStatus.PASSED),
                org.assertj.core.groups.Tuple.tuple("detection", PhaseStatus.ABORTED),
                org.assertj.core.groups.Tuple.tuple("failover", PhaseStatus.SKIPPED),
                org.assertj.core.groups.Tuple.tuple("steady-state-after", PhaseStatus.SKIPPED),
                org.assertj.core.groups.Tuple.tuple("rollback", PhaseStatus.PASSED));
        assertThat(report.phases().get(2).detail()).contains("time budget of 4s");
        assertThat(report.phases().get(5).detail()).contains("restarted " + primary);
        assertThat(report.components()).singleElement().satisfies(c -> assertThat(c.compliant()).isFalse());

        assertThat(pair.primaryRegion()).isEqualTo(primary);
        assertThat(ReplicationPair.writable(pair.cluster(primary))).isTrue();
        assertThat(ReplicationPair.inRecovery(pair.cluster(standby))).isTrue();
        assertThreeReports(report);
    }

    @Test
    public void aDrillThatCouldNotRollBackIsRefusedBeforeItTouchesAnything() throws Exception {
        String yaml = "regions:\n"
                + "  - { name: us-east-1, role: primary, bucket: drill-x1, database: \"" + pair.primary().url("postgres")
                + "\", faultCommand: \"true\" }\n"
                + "  - { name: eu-west-1, role: secondary, bucket: drill-x2, database: \"" + pair.standby().url("postgres")
                + "\" }\n";
        DrConfig config = ConfigLoader.parse(yaml, "test");

        assertThatThrownBy(() -> runner(config).run(shortened(Scenario.DATABASE_FAILOVER)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("cannot roll back")
                .hasMessageContaining("rejoinCommand");
        assertThat(ReplicationPair.writable(pair.primary())).isTrue();
    }

    /** JSON with the failover fields, Markdown with the objectives, JUnit XML with a test case per phase and component. */
    private static void assertThreeReports(DrillReport report) throws Exception {
        JsonNode json = Json.mapper().readTree(EvidenceJson.text(report.toJson()));
        assertThat(json.fieldNames()).toIterable().contains("drillId", "scenario", "outcome", "rtoSeconds", "rpoSeconds",
                "compliant", "components", "phases");
        assertThat(json.get("phases")).hasSize(report.phases().size());

        String markdown = DrillMarkdown.render(report);
        System.err.println(markdown);
        assertThat(markdown).startsWith("# DR drill " + report.scenario().cliName() + ": " + report.outcome())
                .contains("## Phases");
        if (!report.components().isEmpty()) {
            assertThat(markdown).contains("| Component | RTO | RTO target | RPO | RPO target | Verdict |");
        }

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(DrillJunit.render(report).getBytes(StandardCharsets.UTF_8)));
        Element suite = xml.getDocumentElement();
        assertThat(suite.getAttribute("name")).isEqualTo("dr-drill." + report.scenario().cliName());
        NodeList cases = suite.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(report.phases().size() + report.components().size());
        long failing = report.phases().stream().filter(p -> p.status() == PhaseStatus.FAILED
                || p.status() == PhaseStatus.ABORTED).count() + report.components().stream().filter(c -> !c.compliant()).count();
        assertThat(suite.getElementsByTagName("failure").getLength()).isEqualTo((int) failing);
        assertThat(suite.getAttribute("failures")).isEqualTo(Long.toString(failing));
    }
}
