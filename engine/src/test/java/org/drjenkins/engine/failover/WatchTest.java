package org.drjenkins.engine.failover;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.failover.dns.NoDnsSwitcher;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * {@code dr watch} with short interval and threshold against a real pair, the primary's health decided by a real HTTP
 * endpoint the test turns bad and good.
 */
public class WatchTest {

    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration THRESHOLD = Duration.ofSeconds(1);

    private static ReplicationPair pair;
    private static HttpServer health;
    private static volatile int status = 200;
    private static int deadPort;

    private final RecordingProgress progress = new RecordingProgress();

    @BeforeClass
    public static void startPairAndHealthEndpoint() throws Exception {
        pair = ReplicationPair.start("watch");
        health = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        health.createContext("/health", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        health.start();
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = probe.getLocalPort();
        }
    }

    @AfterClass
    public static void stopAll() throws Exception {
        if (health != null) {
            health.stop(0);
        }
        if (pair != null) {
            pair.close();
        }
    }

    @After
    public void restorePair() throws Exception {
        System.err.println(progress);
        status = 200;
        pair.restore();
    }

    /** The primary is checked through the HTTP endpoint; a dead region comes before the standby in failover order. */
    private DrConfig config() throws Exception {
        String primary = pair.primaryRegion();
        String standby = pair.standbyRegion();
        String yaml = "regions:\n"
                + "  - name: " + primary + "\n    role: primary\n    bucket: watch-" + primary + "\n"
                + "    database: \"" + pair.cluster(primary).url("postgres") + "\"\n"
                + "    healthChecks: [ { http: \"http://127.0.0.1:" + health.getAddress().getPort() + "/health\" } ]\n"
                + "  - name: ap-southeast-1\n    role: secondary\n    bucket: watch-dead\n"
                + "    database: \"postgresql://postgres@127.0.0.1:" + deadPort + "/postgres\"\n"
                + "  - name: " + standby + "\n    role: tertiary\n    bucket: watch-" + standby + "\n"
                + "    database: \"" + pair.cluster(standby).url("postgres") + "\"\n";
        return ConfigLoader.parse(yaml, "watch test dr.yaml");
    }

    private Watch watch(DrConfig config) {
        FailoverTools tools = new FailoverTools(Optional.empty(), settings -> new NoDnsSwitcher(),
                IncidentNotifier.none(progress), FailoverLimits.defaults());
        return new Watch(new FailoverService(config, tools, Clock.systemUTC(), progress), tools, INTERVAL, THRESHOLD,
                progress);
    }

    @Test
    public void aFlappingPrimaryIsNotFailedOver() throws Exception {
        String standby = pair.standbyRegion();
        Watch watch = watch(config());
        Thread flapper = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    status = 503;
                    Thread.sleep(600); // shorter than the threshold
                    status = 200;
                    Thread.sleep(300); // long enough for a probe to see it
                }
            } catch (InterruptedException done) {
                status = 200;
            }
        });
        flapper.start();
        Watch.Outcome outcome;
        try {
            outcome = watch.run(Duration.ofSeconds(4));
        } finally {
            flapper.interrupt();
            flapper.join();
        }

        assertThat(outcome.detection()).as(progress.toString()).isEmpty();
        assertThat(outcome.failover()).isEmpty();
        assertThat(outcome.exitCode()).isZero();
        assertThat(progress.lines()).anyMatch(l -> l.contains("FAILED HTTP 503")).anyMatch(l -> l.contains("ok     HTTP 200"));
        assertThat(ReplicationPair.inRecovery(pair.cluster(standby))).isTrue();
        assertThat(ReplicationPair.writable(pair.primary())).isTrue();
    }

    @Test
    public void aSustainedOutageFailsOverAfterTheThresholdToTheFirstHealthyRegion() throws Exception {
        String primary = pair.primaryRegion();
        String standby = pair.standbyRegion();
        Watch watch = watch(config());
        status = 503;

        Watch.Outcome outcome = watch.run(Duration.ofSeconds(20));

        assertThat(outcome.primary()).isEqualTo(primary);
        assertThat(outcome.detection()).as(progress.toString()).isPresent();
        assertThat(outcome.detection().get().failingFor()).isGreaterThanOrEqualTo(THRESHOLD);
        assertThat(outcome.skipped()).singleElement().asString().startsWith("ap-southeast-1: ");
        assertThat(outcome.target()).contains(standby);
        FailoverResult result = outcome.failover().orElseThrow();
        assertThat(result.completed()).as(progress.toString()).isTrue();
        assertThat(outcome.exitCode()).isZero();
        assertThat(result.evidence().detectedAt()).isEqualTo(outcome.detection().get().firstFailureAt());
        assertThat(result.evidence().thresholdReachedAt()).isEqualTo(outcome.detection().get().detectedAt());
        assertThat(result.rtoSeconds()).isGreaterThanOrEqualTo(Seconds.of(THRESHOLD));
        assertThat(ReplicationPair.inRecovery(pair.cluster(standby))).isFalse();
        assertThat(ReplicationPair.writable(pair.cluster(standby))).isTrue();
    }
}
