package org.drjenkins.engine.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.drjenkins.engine.failover.ReplicationPair.REGION_A;
import static org.drjenkins.engine.failover.ReplicationPair.REGION_B;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.failover.dns.BindServer;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.storage.LocalS3Server;
import org.drjenkins.engine.storage.StoreConnector;
import org.drjenkins.engine.testing.S3Fixture;
import org.drjenkins.engine.util.InvalidRequestException;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

/**
 * A failover that stops half-way, on real servers: a streaming pair, BIND 9 for DNS (and a port where no DNS server
 * answers, for a provider that is down), the failover record in a real S3 store. Reruns finish it; nothing ever leaves
 * two servers taking writes, and a promoted target is never given up.
 */
public class FailoverResumeTest {

    private static final Map<String, String> VALUES = Map.of(REGION_A, "10.0.0.1", REGION_B, "10.0.0.2");

    private static ReplicationPair pair;
    private static BindServer bind;
    private static LocalS3Server s3;
    private static int bucketSet;

    private final RecordingProgress progress = new RecordingProgress();
    private String buckets;

    @BeforeClass
    public static void startPairDnsAndStore() throws Exception {
        pair = ReplicationPair.start("failover-resume");
        bind = BindServer.start("db IN A 10.0.0.1");
        s3 = LocalS3Server.start();
    }

    @AfterClass
    public static void stopAll() throws Exception {
        try {
            if (s3 != null) {
                s3.close();
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
        System.err.println(progress);
        pair.restore();
        // Back to DNS naming the primary, whichever way round the pair is now.
        try (var dns = new org.drjenkins.engine.failover.dns.Rfc2136Switcher(org.drjenkins.engine.config.DnsSettings
                .rfc2136("dr.test", "db", "A", 60, bind.address(), BindServer.KEY_NAME), Optional.of(bind.secret()))) {
            dns.point(VALUES.get(pair.primaryRegion()));
        }
    }

    /** A 127.0.0.1 port where nothing answers DNS: the provider is down. */
    private static String deadDnsServer() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + socket.getLocalPort();
        }
    }

    /** Both regions with database, DNS at {@code dnsServer}, and fresh buckets (set per test with {@link #freshBuckets}). */
    private DrConfig config(String dnsServer) throws Exception {
        String primary = pair.primaryRegion();
        StringBuilder yaml = new StringBuilder("regions:\n");
        for (String region : List.of(REGION_A, REGION_B)) {
            LocalCluster cluster = pair.cluster(region);
            yaml.append("  - name: ").append(region).append('\n')
                    .append("    role: ").append(region.equals(primary) ? "primary" : region.equals(REGION_A) ? "tertiary"
                            : "secondary").append('\n')
                    .append("    bucket: ").append(buckets).append('-').append(region).append('\n')
                    .append("    endpoint: \"").append(s3.endpoint()).append("\"\n")
                    .append("    database: \"").append(cluster.url("postgres")).append("\"\n")
                    .append("    dns: { provider: rfc2136, zone: dr.test, recordName: db, server: \"").append(dnsServer)
                    .append("\", tsigKeyName: drkey, timeout: 2s, value: ").append(VALUES.get(region)).append(" }\n");
        }
        yaml.append("targets:\n  database: { rto: 15m, rpo: 5m }\n");
        this.yaml = yaml.toString();
        return ConfigLoader.parse(this.yaml, "resume test dr.yaml");
    }

    /** The YAML the last {@link #config} call parsed. */
    private String yaml;

    private void freshBuckets() {
        buckets = "resume" + ++bucketSet;
        S3Fixture.createBuckets(s3, buckets + "-" + REGION_A, buckets + "-" + REGION_B);
    }

    private FailoverJournal journal() {
        return FailoverJournal.buckets(region -> StoreConnector.connect(region, s3.credentials()));
    }

    private FailoverService service(DrConfig config) {
        return service(config, bind.secret());
    }

    private FailoverService service(DrConfig config, String tsigSecret) {
        FailoverTools tools = new FailoverTools(Optional.empty(),
                DnsSwitcherFactory.standard(Optional.of(tsigSecret), AnonymousCredentialsProvider.create()),
                IncidentNotifier.none(progress), FailoverLimits.defaults(), journal(),
                FailoverLeases.buckets(region -> StoreConnector.connect(region, s3.credentials()),
                        FailoverLeases.DEFAULT_TTL, Clock.systemUTC()));
        return new FailoverService(config, tools, Clock.systemUTC(), progress);
    }

    private FailoverRecord recordIn(DrConfig config, String region) {
        Region r = config.region(region).orElseThrow();
        return journal().read(r).orElseThrow(() -> new AssertionError("no failover record in " + r.bucket()));
    }

    /**
     * Runs a failover to the standby with DNS down, forced past the DNS gate (as issue 12's operator did): it promotes,
     * then stops at switch-dns.
     */
    private FailoverResult failoverWithDnsDown(String target) throws Exception {
        FailoverResult result = service(config(deadDnsServer())).run(FailoverRequest.to(target).forced(true));
        assertThat(result.completed()).as(progress.toString()).isFalse();
        return result;
    }

    @Test
    public void withDnsDownTheFailoverStopsAfterPromotionAndSaysWhatIsLeftAndHowToFinishIt() throws Exception {
        freshBuckets();
        String oldPrimary = pair.primaryRegion();
        String target = pair.standbyRegion();

        FailoverResult stopped = failoverWithDnsDown(target);

        assertThat(stopped.exitCode()).isEqualTo(1);
        assertThat(stopped.steps()).extracting(Step::name, Step::status).contains(
                org.assertj.core.groups.Tuple.tuple("promote", Step.Status.DONE),
                org.assertj.core.groups.Tuple.tuple("switch-dns", Step.Status.FAILED));
        assertThat(stopped.steps()).extracting(Step::name).doesNotContain("undo-fence");
        assertThat(stopped.failure()).contains("switch-dns failed");
        assertThat(stopped.forced()).isTrue();
        assertThat(stopped.remaining()).anyMatch(l -> l.startsWith("switch-dns: point db.dr.test. A at " + VALUES.get(target)))
                .anyMatch(l -> l.startsWith("post-checks"));
        assertThat(stopped.finishWith()).first().isEqualTo("dr failover --to " + target + " --resume");
        assertThat(stopped.finishWith().get(1)).contains("nsupdate -y \"hmac-sha256:drkey:$DR_DNS_TSIG_SECRET\"",
                "update add db.dr.test. 60 A " + VALUES.get(target)).doesNotContain(bind.secret());
        assertThat(stopped.toJson()).containsKeys("remaining", "finishWith");
        // Exactly one server takes writes: the promoted one.
        assertThat(ReplicationPair.writable(pair.cluster(target))).isTrue();
        assertThat(ReplicationPair.writable(pair.cluster(oldPrimary))).isFalse();
        assertThat(bind.dig("db.dr.test", "A")).containsExactly(VALUES.get(oldPrimary));
        DrConfig config = config(bind.address());
        for (String region : List.of(oldPrimary, target)) {
            FailoverRecord record = recordIn(config, region);
            assertThat(record.outcome()).isEqualTo(FailoverRecord.STOPPED);
            assertThat(record.done()).containsExactly(FailoverRecord.GATES, FailoverRecord.FENCED, FailoverRecord.PROMOTED);
            assertThat(record.from()).isEqualTo(oldPrimary);
            assertThat(record.to()).isEqualTo(target);
        }
    }

    @Test
    public void aForcedRerunWithDnsBackFinishesTheFailoverAndNeverUnfencesTheOldPrimary() throws Exception {
        freshBuckets();
        String oldPrimary = pair.primaryRegion();
        String target = pair.standbyRegion();
        String id = failoverWithDnsDown(target).toJson().get("from").toString();
        assertThat(id).isEqualTo(oldPrimary);

        FailoverResult finished = service(config(bind.address())).run(FailoverRequest.to(target).forced(true));

        assertThat(finished.completed()).as(progress.toString()).isTrue();
        assertThat(finished.exitCode()).isZero();
        assertThat(finished.from()).isEqualTo(oldPrimary);
        assertThat(finished.steps()).extracting(Step::name).containsExactly("fence", "promote", "switch-dns", "post-checks")
                .doesNotContain("undo-fence");
        assertThat(finished.steps().get(1).detail()).contains("promoted by an earlier run");
        assertThat(ReplicationPair.writable(pair.cluster(target))).isTrue();
        assertThat(ReplicationPair.writable(pair.cluster(oldPrimary))).as("the old primary stays fenced").isFalse();
        assertThat(bind.dig("db.dr.test", "A")).containsExactly(VALUES.get(target));
        assertThat(recordIn(config(bind.address()), target).outcome()).isEqualTo(FailoverRecord.COMPLETED);
        assertThat(recordIn(config(bind.address()), oldPrimary).done()).contains(FailoverRecord.DNS_SWITCHED,
                FailoverRecord.POST_CHECKS);
    }

    @Test
    public void aPlainRerunFindsTheRecordAndFinishesAndAThirdRunIsBadInput() throws Exception {
        freshBuckets();
        String oldPrimary = pair.primaryRegion();
        String target = pair.standbyRegion();
        failoverWithDnsDown(target);

        FailoverResult finished = service(config(bind.address())).run(FailoverRequest.to(target));

        assertThat(finished.completed()).as(progress.toString()).isTrue();
        assertThat(finished.remaining()).isEmpty();
        assertThat(ReplicationPair.writable(pair.cluster(oldPrimary))).isFalse();
        assertThat(bind.dig("db.dr.test", "A")).containsExactly(VALUES.get(target));
        // Done: the target is the primary and nothing is left, so another failover to it is a mistake (exit 2).
        DrConfig config = config(bind.address());
        assertThatThrownBy(() -> service(config).run(FailoverRequest.to(target)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("is already the primary")
                .hasMessageContaining("--resume");
    }

    @Test
    public void resumeWithoutARecordFencesAnOldPrimaryThatStillTakesWritesBeforeSwitchingDns() throws Exception {
        freshBuckets();
        String oldPrimary = pair.primaryRegion();
        String target = pair.standbyRegion();
        // Split brain made by hand: the standby promoted, the old primary untouched; no record anywhere.
        pair.cluster(target).execute("postgres", "select pg_promote(true, 60)");
        assertThat(ReplicationPair.writable(pair.cluster(target))).isTrue();
        assertThat(ReplicationPair.writable(pair.cluster(oldPrimary))).isTrue();

        FailoverResult finished = service(config(bind.address())).run(FailoverRequest.to(target).from(oldPrimary)
                .resuming(true));

        assertThat(finished.completed()).as(progress.toString()).isTrue();
        assertThat(finished.steps().get(0).name()).isEqualTo("fence");
        assertThat(finished.steps().get(0).status()).isEqualTo(Step.Status.DONE);
        assertThat(finished.steps().get(0).detail()).contains("fenced again after the promotion");
        assertThat(ReplicationPair.writable(pair.cluster(oldPrimary))).isFalse();
        assertThat(ReplicationPair.writable(pair.cluster(target))).isTrue();
        assertThat(bind.dig("db.dr.test", "A")).containsExactly(VALUES.get(target));
    }

    @Test
    public void resumeWhenNothingWasPromotedIsBadInputAndChangesNothing() throws Exception {
        freshBuckets();
        String primary = pair.primaryRegion();
        String standby = pair.standbyRegion();

        assertThatThrownBy(() -> service(config(bind.address())).run(FailoverRequest.to(standby).resuming(true)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("nothing to resume");
        assertThat(ReplicationPair.writable(pair.cluster(primary))).isTrue();
        assertThat(ReplicationPair.inRecovery(pair.cluster(standby))).isTrue();
    }

    private static Gate dnsGate(FailoverResult result) {
        return result.gates().stream().filter(g -> g.name().equals("DNS switch would be accepted")).findFirst()
                .orElseThrow(() -> new AssertionError("no DNS gate in " + result.gates()));
    }

    @Test
    public void theDryRunProbesDnsAndFailsItsGateWhenTheProviderIsDownTheKeyIsWrongOrTheRecordIsMissing()
            throws Exception {
        freshBuckets();
        String standby = pair.standbyRegion();

        FailoverResult up = service(config(bind.address())).run(FailoverRequest.to(standby).asDryRun(true));
        assertThat(up.refused()).as(progress.toString()).isFalse();
        assertThat(dnsGate(up).passed()).isTrue();
        assertThat(dnsGate(up).detail()).contains("accepted a prerequisite-only update of db.dr.test. A");

        FailoverResult down = service(config(deadDnsServer())).run(FailoverRequest.to(standby).asDryRun(true));
        assertThat(down.refused()).isTrue();
        assertThat(down.exitCode()).isEqualTo(1);
        assertThat(dnsGate(down).passed()).isFalse();
        assertThat(dnsGate(down).detail()).contains("no answer from DNS server");
        assertThat(down.plan()).contains("[FAIL] DNS switch would be accepted");

        String wrongKey = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        FailoverResult badKey = service(config(bind.address()), wrongKey).run(FailoverRequest.to(standby).asDryRun(true));
        assertThat(dnsGate(badKey).passed()).isFalse();
        assertThat(dnsGate(badKey).detail()).contains("TSIG key rejected").doesNotContain(wrongKey, bind.secret());

        config(bind.address());
        DrConfig missing = ConfigLoader.parse(yaml.replace("recordName: db,", "recordName: nope,"), "missing record dr.yaml");
        FailoverResult noRecord = service(missing).run(FailoverRequest.to(standby).asDryRun(true));
        assertThat(dnsGate(noRecord).passed()).isFalse();
        assertThat(dnsGate(noRecord).detail()).contains("nope.dr.test. has no A record");
    }

    @Test
    public void aFailoverWithDnsDownIsRefusedByTheDnsGateAndChangesNothing() throws Exception {
        freshBuckets();
        String primary = pair.primaryRegion();
        String standby = pair.standbyRegion();

        FailoverResult refused = service(config(deadDnsServer())).run(FailoverRequest.to(standby));

        assertThat(refused.refused()).isTrue();
        assertThat(refused.steps()).isEmpty();
        assertThat(ReplicationPair.writable(pair.cluster(primary))).isTrue();
        assertThat(ReplicationPair.inRecovery(pair.cluster(standby))).isTrue();
    }

    @Test
    public void ofTwoFailoversStartedAtOnceExactlyOneActs() throws Exception {
        freshBuckets();
        String oldPrimary = pair.primaryRegion();
        String target = pair.standbyRegion();
        DrConfig config = config(bind.address());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try {
            List<java.util.concurrent.Future<Object>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    try {
                        return service(config).run(FailoverRequest.to(target).from(oldPrimary));
                    } catch (InvalidRequestException e) {
                        return e; // started after the other had finished: the target is already the primary
                    }
                }));
            }
            start.countDown();
            List<Object> outcomes = new java.util.ArrayList<>();
            for (var run : runs) {
                outcomes.add(run.get());
            }

            assertThat(outcomes).filteredOn(o -> o instanceof FailoverResult r && r.completed()).hasSize(1);
            Object other = outcomes.stream().filter(o -> !(o instanceof FailoverResult r && r.completed())).findFirst()
                    .orElseThrow();
            if (other instanceof FailoverResult refused) {
                assertThat(refused.refused()).isTrue();
                assertThat(refused.steps()).isEmpty();
                assertThat(refused.gates()).extracting(Gate::name).containsExactly("failover lease taken");
                assertThat(refused.gates().get(0).detail()).contains("held by", "failover " + oldPrimary + " -> " + target);
            } else {
                assertThat(((InvalidRequestException) other).getMessage()).contains("is already the primary");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ReplicationPair.writable(pair.cluster(target))).isTrue();
        assertThat(ReplicationPair.writable(pair.cluster(oldPrimary))).isFalse();
        try (var store = StoreConnector.connect(config.region(target).orElseThrow(), s3.credentials())) {
            assertThat(store.head(FailoverLease.KEY)).as("released").isEmpty();
        }
    }
}
