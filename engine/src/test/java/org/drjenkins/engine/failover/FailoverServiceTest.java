package org.drjenkins.engine.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.drjenkins.engine.failover.ReplicationPair.REGION_A;
import static org.drjenkins.engine.failover.ReplicationPair.REGION_B;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.failover.dns.BindServer;
import org.drjenkins.engine.postgres.LocalCluster;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

/**
 * Failovers of a real streaming pair, switching a record on a real BIND with TSIG, notices to real local webhooks.
 * One pair for the class; after each test it is back to one writable primary and one streaming standby.
 */
public class FailoverServiceTest {

    private static final Map<String, String> VALUES = Map.of(REGION_A, "10.0.0.1", REGION_B, "10.0.0.2");

    private static ReplicationPair pair;
    private static BindServer bind;
    private static RecordingWebhook webhook;
    private static RecordingWebhook.Hanging hanging;

    private final RecordingProgress progress = new RecordingProgress();
    private IncidentNotifier notifier;

    @BeforeClass
    public static void startPairDnsAndWebhooks() throws Exception {
        pair = ReplicationPair.start("failover-service");
        bind = BindServer.start("db IN A 10.0.0.1");
        webhook = new RecordingWebhook();
        hanging = new RecordingWebhook.Hanging();
    }

    @AfterClass
    public static void stopAll() throws Exception {
        try {
            if (hanging != null) {
                hanging.close();
            }
            if (webhook != null) {
                webhook.close();
            }
            if (bind != null) {
                bind.close();
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
        if (notifier != null) {
            notifier.close();
        }
        webhook.clear();
        pair.restore();
    }

    /** Both regions with their database and DNS value; the current primary has role primary. */
    private DrConfig config(boolean localDataDirectories, String rpo) throws Exception {
        String primary = pair.primaryRegion();
        StringBuilder yaml = new StringBuilder("regions:\n");
        for (String region : List.of(REGION_A, REGION_B)) {
            LocalCluster cluster = pair.cluster(region);
            yaml.append("  - name: ").append(region).append('\n')
                    .append("    role: ").append(region.equals(primary) ? "primary" : region.equals(REGION_A) ? "tertiary"
                            : "secondary").append('\n')
                    .append("    bucket: fo-").append(region).append('\n')
                    .append("    database: \"").append(cluster.url("postgres")).append("\"\n");
            if (localDataDirectories) {
                yaml.append("    dataDirectory: \"").append(cluster.dataDir()).append("\"\n");
            }
            yaml.append("    dns: { provider: rfc2136, zone: dr.test, recordName: db, server: \"").append(bind.address())
                    .append("\", tsigKeyName: drkey, value: ").append(VALUES.get(region)).append(" }\n");
        }
        yaml.append("targets:\n  database: { rto: 15m, rpo: ").append(rpo).append(" }\n")
                .append("notifications:\n  service: ci-failure-agent\n  webhooks:\n")
                .append("    - { name: incidents, url: \"").append(webhook.url()).append("\", format: slack }\n")
                .append("    - { name: hung, urlEnv: HUNG_HOOK, format: json }\n");
        return ConfigLoader.parse(yaml.toString(), "failover test dr.yaml");
    }

    /** Notices to the recording webhook only: the hung one's variable is not set, so it is skipped. */
    private FailoverService service(DrConfig config, FailoverLimits limits) {
        return service(config, limits, IncidentNotifier.fromConfig(config.notifications(), Map.of(), progress));
    }

    private FailoverService service(DrConfig config, FailoverLimits limits, IncidentNotifier incidentNotifier) {
        notifier = incidentNotifier;
        FailoverTools tools = new FailoverTools(Optional.empty(),
                DnsSwitcherFactory.standard(Optional.of(bind.secret()), AnonymousCredentialsProvider.create()), notifier,
                limits);
        return new FailoverService(config, tools, Clock.systemUTC(), progress);
    }

    private FailoverService service(DrConfig config) {
        return service(config, FailoverLimits.defaults());
    }

    /** The healthy webhook's notices arrive on its own thread, whatever the hung one does. */
    private static void awaitNotices(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (webhook.received().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static long markers(LocalCluster cluster) throws Exception {
        if ("t".equals(cluster.sql("postgres", "select to_regclass('dr_marker') is null"))) {
            return 0;
        }
        return Long.parseLong(cluster.sql("postgres", "select count(*) from dr_marker"));
    }

    @Test
    public void dryRunEvaluatesEveryGateAndChangesNothing() throws Exception {
        String primary = pair.primaryRegion();
        String standby = pair.standbyRegion();
        List<String> dnsBefore = bind.dig("db.dr.test", "A");
        long markersBefore = markers(pair.primary());

        FailoverResult result = service(config(false, "5m")).run(FailoverRequest.to(standby).asDryRun(true));
        notifier.close();

        assertThat(result.dryRun()).isTrue();
        assertThat(result.refused()).as(progress.toString()).isFalse();
        assertThat(result.exitCode()).isZero();
        assertThat(result.from()).isEqualTo(primary);
        assertThat(result.gates()).extracting(Gate::name).containsExactly("target checks pass",
                "target is a standby in recovery", "replication lag within the RPO target 5m",
                "DNS switch would be accepted");
        assertThat(result.gates()).allMatch(Gate::passed);
        assertThat(result.steps()).extracting(Step::name)
                .containsExactly("fence", "catch-up", "promote", "switch-dns", "post-checks");
        assertThat(result.steps()).allMatch(s -> s.status() == Step.Status.PLANNED);
        assertThat(result.plan()).contains("dry run: nothing changed", "point db.dr.test. A at " + VALUES.get(standby));
        assertThat(result.toJson()).containsEntry("refused", false).containsKeys("gates", "plan");

        assertThat(pair.primaryRegion()).isEqualTo(primary);
        assertThat(ReplicationPair.inRecovery(pair.standby())).isTrue();
        assertThat(ReplicationPair.writable(pair.primary())).isTrue();
        assertThat(bind.dig("db.dr.test", "A")).isEqualTo(dnsBefore);
        assertThat(markers(pair.primary())).isEqualTo(markersBefore);
        assertThat(webhook.received()).isEmpty();
    }

    @Test
    public void failoverFencesPromotesSwitchesDnsAndNotifiesWithoutWaitingForAHungWebhook() throws Exception {
        String oldPrimary = pair.primaryRegion();
        String target = pair.standbyRegion();

        DrConfig config = config(false, "5m");
        IncidentNotifier withHungHook = IncidentNotifier.fromConfig(config.notifications(),
                Map.of("HUNG_HOOK", hanging.url()), Duration.ofSeconds(20), progress);

        long start = System.nanoTime();
        FailoverResult result = service(config, FailoverLimits.defaults(), withHungHook).run(FailoverRequest.to(target));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        List<String> deliveredByThen = notifier.log();

        assertThat(result.completed()).as(progress.toString()).isTrue();
        assertThat(result.exitCode()).isZero();
        assertThat(result.steps()).extracting(Step::name)
                .containsExactly("fence", "catch-up", "promote", "switch-dns", "post-checks");
        assertThat(result.steps()).allMatch(s -> s.status() == Step.Status.DONE);
        // The hung webhook's first post (20 s timeout) had not even failed when the failover was done.
        assertThat(took).isLessThan(Duration.ofSeconds(20));
        assertThat(deliveredByThen).noneMatch(l -> l.contains("to hung"));

        LocalCluster promoted = pair.cluster(target);
        LocalCluster fenced = pair.cluster(oldPrimary);
        assertThat(ReplicationPair.inRecovery(promoted)).isFalse();
        assertThat(ReplicationPair.writable(promoted)).isTrue();
        assertThat(fenced.isRunning()).isTrue();
        assertThat(ReplicationPair.writable(fenced)).as("the fenced old primary refuses writes").isFalse();
        assertThat(bind.dig("db.dr.test", "A")).containsExactly(VALUES.get(target));
        assertThat(promoted.sql("postgres", "select count(*) > 0 from dr_marker")).isEqualTo("t");

        Evidence e = result.evidence();
        assertThat(e.detectedAt()).isNull();
        assertThat(List.of(e.startedAt(), e.decidedAt(), e.fencedAt(), e.promotedAt(), e.dnsSwitchedAt(), e.healthyAt()))
                .isSorted();
        assertThat(result.rtoSeconds()).isPositive().isLessThan(took.toMillis() / 1000.0 + 0.001);
        assertThat(result.rpoSeconds()).isZero();
        assertThat(result.dataLoss().basis()).contains("replayed up to");
        assertThat(result.compliant()).isTrue();
        assertThat(result.toJson()).containsKeys("from", "to", "steps", "rtoSeconds", "rpoSeconds", "compliant", "forced")
                .containsEntry("from", oldPrimary).containsEntry("to", target).containsEntry("forced", false)
                .containsEntry("refused", false).containsEntry("compliant", true);

        awaitNotices(3);
        assertThat(webhook.texts()).hasSize(3);
        assertThat(webhook.texts()).allMatch(t -> t.startsWith("Title: [INCIDENT] ci-failure-agent - database failover from "
                + oldPrimary + " to " + target));
        assertThat(webhook.texts()).extracting(t -> t.lines().filter(l -> l.startsWith("Status: ")).findFirst().orElseThrow())
                .containsExactly("Status: INVESTIGATING", "Status: MITIGATING", "Status: RESOLVED");
        assertThat(webhook.texts().get(2)).contains(target + " is the primary; RTO").contains("Next Update: none");
        assertThat(hanging.connections()).isPositive();
        assertThat(notifier.log()).noneMatch(l -> l.contains("to hung")).anyMatch(l -> l.contains("to incidents: delivered"));
        assertThat(String.join("\n", notifier.log()) + progress).doesNotContain("s3cr3tT0k3n", "t0k3n");
        hanging.close(); // the hung post now fails at once, and close() reports it
        notifier.close();
        assertThat(notifier.log()).anyMatch(l -> l.contains("to hung: FAILED") || l.contains("gave up on webhook hung"));
    }

    @Test
    public void withALocalDataDirectoryTheOldPrimaryIsStoppedAfterTheStandbyCaughtUp() throws Exception {
        String oldPrimary = pair.primaryRegion();
        String target = pair.standbyRegion();

        FailoverResult result = service(config(true, "5m")).run(FailoverRequest.to(target));

        assertThat(result.completed()).as(progress.toString()).isTrue();
        assertThat(result.steps()).extracting(Step::name)
                .containsExactly("fence", "catch-up", "stop-old-primary", "promote", "switch-dns", "post-checks");
        assertThat(pair.cluster(oldPrimary).isRunning()).isFalse();
        assertThat(ReplicationPair.writable(pair.cluster(target))).isTrue();
        assertThat(result.rpoSeconds()).isZero();
    }

    @Test
    public void aStoppedStandbyIsRefusedAndThePrimaryStaysWritable() throws Exception {
        String primary = pair.primaryRegion();
        List<String> dnsBefore = bind.dig("db.dr.test", "A");
        pair.standby().stop();

        FailoverResult result = service(config(false, "5m")).run(FailoverRequest.to(pair.standbyRegion()));

        assertThat(result.refused()).isTrue();
        assertThat(result.completed()).isFalse();
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.steps()).isEmpty();
        assertThat(result.gates()).filteredOn(g -> !g.passed()).extracting(Gate::name)
                .contains("target checks pass", "target is a standby in recovery");
        assertThat(result.toJson()).containsEntry("refused", true).containsKey("gates");
        assertThat(pair.primaryRegion()).isEqualTo(primary);
        assertThat(ReplicationPair.writable(pair.primary())).isTrue();
        assertThat(bind.dig("db.dr.test", "A")).isEqualTo(dnsBefore);
    }

    @Test
    public void aLaggingStandbyIsRefusedUnlessForcedAndTheForceIsRecorded() throws Exception {
        LocalCluster primary = pair.primary();
        LocalCluster standby = pair.standby();
        String standbyRegion = pair.standbyRegion();
        primary.execute("postgres", "create table if not exists lag_probe (n int); insert into lag_probe values (1)");
        pair.awaitStreaming();
        standby.execute("postgres", "select pg_wal_replay_pause()");
        Thread.sleep(1500);
        primary.execute("postgres", "insert into lag_probe values (2)");
        DrConfig config = config(false, "1s");

        FailoverResult refused = service(config).run(FailoverRequest.to(standbyRegion));

        assertThat(refused.refused()).as(progress.toString()).isTrue();
        assertThat(refused.exitCode()).isEqualTo(1);
        Gate lag = refused.gates().get(2);
        assertThat(lag.passed()).isFalse();
        assertThat(lag.detail()).contains("bytes behind", "replay is paused");
        assertThat(refused.gates().subList(0, 2)).allMatch(Gate::passed);
        assertThat(ReplicationPair.writable(primary)).isTrue();
        assertThat(ReplicationPair.inRecovery(standby)).isTrue();

        FailoverLimits quick = FailoverLimits.defaults();
        quick = new FailoverLimits(quick.lagGrace(), Duration.ofMillis(500), quick.promote(), quick.postChecks(),
                quick.checkTimeout());
        FailoverResult forced = service(config, quick).run(FailoverRequest.to(standbyRegion).forced(true));

        assertThat(forced.completed()).as(progress.toString()).isTrue();
        assertThat(forced.forced()).isTrue();
        assertThat(forced.toJson()).containsEntry("forced", true).containsEntry("refused", false);
        assertThat(forced.gates().get(2).passed()).isFalse();
        assertThat(ReplicationPair.inRecovery(standby)).isFalse();
    }
}
