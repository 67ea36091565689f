package org.drjenkins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.Role;
import org.drjenkins.engine.failover.FailoverLease;
import org.drjenkins.engine.failover.FailoverService;
import org.drjenkins.engine.failover.WatchObservation;
import org.drjenkins.engine.failover.WatchObservations;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.postgres.PgConnections;
import org.drjenkins.engine.storage.LocalS3Server;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreConnector;
import org.drjenkins.engine.util.Json;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Contenders for one failover as separate {@code dr} processes (the built jar), against a real PostgreSQL primary and
 * streaming standby and the project's S3 server: whatever runs at once, exactly one fails over, because every one of
 * them takes the plan's lease in the buckets first. The standby's health check sleeps while it is in recovery, so a
 * failover holds the lease for seconds in its gates: long enough for the other contender to meet it.
 */
public class FailoverRacesIT {
    private static final String[] BUCKETS = {"race-a", "race-b"};
    private static final String SLOW_STANDBY_CHECK = "healthChecks: [ { postgres: \"select true from pg_sleep(case when"
            + " pg_is_in_recovery() then %d else 0 end)\", timeout: 60s } ]";

    private static LocalS3Server s3;
    private static LocalCluster a;
    private static LocalCluster b;
    private static int deadPort;

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final List<Process> started = new ArrayList<>();

    @BeforeClass
    public static void startStoreAndPair() throws Exception {
        s3 = LocalS3Server.start();
        for (String bucket : BUCKETS) {
            try (ObjectStore store = StoreConnector.connect(region(bucket), s3.credentials())) {
                store.createBucketIfMissing();
            }
        }
        a = LocalCluster.ephemeral("race-a");
        b = LocalCluster.ephemeralStandbyOf(a, "race-b");
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = probe.getLocalPort();
        }
    }

    @AfterClass
    public static void stopAll() throws Exception {
        try {
            if (b != null) {
                b.close();
            }
            if (a != null) {
                a.close();
            }
        } finally {
            s3.close();
        }
    }

    @After
    public void stopProcessesAndRestorePair() throws Exception {
        for (Process p : started) {
            p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
        for (String bucket : BUCKETS) {
            try (ObjectStore store = StoreConnector.connect(region(bucket), s3.credentials())) {
                for (var object : store.list("")) {
                    store.delete(object.key());
                }
            }
        }
        PairRestore.restore(a, b);
    }

    @Test
    public void ofTwoFailoverProcessesStartedAtOnceExactlyOnePromotesAndTheOtherIsRefusedByTheLease() throws Exception {
        Path config = config(6, "", "");

        Process first = dr("failover", "--config", config.toString(), "--to", "eu-west-1", "--json");
        Process second = dr("failover", "--config", config.toString(), "--to", "eu-west-1", "--json");
        List<Integer> codes = List.of(await(first), await(second));

        assertThat(codes).as(output(first) + output(second)).containsExactlyInAnyOrder(0, 1);
        Process winner = codes.get(0) == 0 ? first : second;
        Process loser = winner == first ? second : first;
        assertThat(json(winner).get("completed").asBoolean()).isTrue();
        JsonNode refused = json(loser);
        assertThat(refused.get("refused").asBoolean()).isTrue();
        assertThat(refused.get("steps")).as("the loser did nothing").isEmpty();
        assertThat(refused.get("gates")).anySatisfy(g -> {
            assertThat(g.get("name").asText()).isEqualTo(FailoverService.LEASE_GATE);
            assertThat(g.get("passed").asBoolean()).isFalse();
            assertThat(g.get("detail").asText()).contains("held by dr failover --to eu-west-1 on ")
                    .contains("(pid " + winner.pid() + ")");
        });
        assertThat(b.inRecovery()).as("promoted once").isFalse();
        assertThat(a.isRunning()).as("the old primary was stopped by the winner").isFalse();
        assertThat(leaseObjects()).as("released by the winner").isEmpty();
    }

    @Test
    public void aWatchRacingAFailoverExactlyOneActsAndTheOtherIsRefusedByTheLease() throws Exception {
        // The primary looks down to the watcher (its check is a port nobody listens on) while its server runs, as
        // in a partition: the watcher's failover and the operator's would both fence and promote.
        Path config = config(6, "healthChecks: [ { tcp: \"127.0.0.1:" + deadPort + "\", timeout: 1s } ]", "");
        Process watch = dr("watch", "--config", config.toString(), "--once", "--interval", "200ms", "--threshold",
                "1s", "--json");
        awaitStderr(watch, "choosing the first healthy standby", 60);
        // The watcher now probes the standby (seconds) before it takes the lease: the operator's failover gets there
        // first and holds it through its own gates.
        Process failover = dr("failover", "--config", config.toString(), "--to", "eu-west-1", "--json");

        int failoverCode = await(failover);
        int watchCode = await(watch);

        assertThat(failoverCode).as(output(failover)).isZero();
        assertThat(json(failover).get("completed").asBoolean()).isTrue();
        assertThat(watchCode).as(output(watch)).isEqualTo(1);
        JsonNode watched = json(watch).get("failover");
        assertThat(watched.get("refused").asBoolean()).isTrue();
        assertThat(watched.get("steps")).as("the watcher did nothing").isEmpty();
        assertThat(watched.get("gates")).anySatisfy(g -> assertThat(g.get("detail").asText())
                .contains("held by dr failover --to eu-west-1 on ").contains("(pid " + failover.pid() + ")"));
        assertThat(b.inRecovery()).isFalse();
        assertThat(a.isRunning()).isFalse();
    }

    @Test
    public void aLeaseWhoseHolderWasKilledRefusesOthersUntilItsTtlRunsOutAndCanThenBeTaken() throws Exception {
        Path slow = config(60, "", "");
        Process holder = dr("failover", "--config", slow.toString(), "--to", "eu-west-1", "--lease-ttl", "10s");
        FailoverLease.Body held = awaitLease(holder, 60);
        assertThat(held.holder()).contains("(pid " + holder.pid() + ")");
        holder.destroyForcibly();
        assertThat(holder.waitFor(20, TimeUnit.SECONDS)).as("killed, no release").isTrue();
        Instant killedAt = Instant.now();

        Process refused = dr("failover", "--config", config(0, "", "").toString(), "--to", "eu-west-1", "--json");
        assertThat(await(refused)).as(output(refused)).isEqualTo(1);
        assertThat(json(refused).get("gates")).anySatisfy(g -> assertThat(g.get("detail").asText())
                .contains("held by dr failover --to eu-west-1 on ").contains("(pid " + holder.pid() + ")"));
        assertThat(b.inRecovery()).as("the refused failover promoted nothing").isTrue();

        List<FailoverLease.Body> left = leaseObjects();
        assertThat(left).as("the dead holder's lease is still in both buckets").hasSize(2);
        Instant expires = left.get(0).expiresAt();
        assertThat(expires).as("at most one TTL after the holder's last renewal").isBefore(killedAt.plusSeconds(11));
        while (Instant.now().isBefore(expires.plusMillis(500))) {
            Thread.sleep(100);
        }
        Process after = dr("failover", "--config", config(0, "", "").toString(), "--to", "eu-west-1", "--json");

        assertThat(await(after)).as(output(after)).isZero();
        assertThat(json(after).get("completed").asBoolean()).isTrue();
        assertThat(b.inRecovery()).isFalse();
    }

    @Test
    public void withQuorumTwoOneWatcherSeeingThePrimaryDownDoesNotFailOverAndTwoDoExactlyOnce() throws Exception {
        Path config = config(6, "healthChecks: [ { tcp: \"127.0.0.1:" + deadPort + "\", timeout: 1s } ]",
                "watch: { quorum: 2 }\n");
        Process alone = dr("watch", "--config", config.toString(), "--region", "eu-west-1", "--once", "--interval",
                "1s", "--threshold", "2s", "--max-wait", "8s", "--json");

        assertThat(await(alone)).as(output(alone)).isZero();
        assertThat(json(alone).get("failover").isNull()).as(output(alone)).isTrue();
        assertThat(stderr(alone)).contains("no quorum yet: 1 of 2 watchers in different regions see us-east-1 down");
        assertThat(b.inRecovery()).as("one watcher alone fails nothing over").isTrue();
        assertThat(a.inRecovery()).isFalse();
        for (String bucket : BUCKETS) {
            try (ObjectStore store = StoreConnector.connect(region(bucket), s3.credentials())) {
                WatchObservation seen = Json.fromBytes(store.getBytes(WatchObservations.PREFIX + "eu-west-1.json")
                        .orElseThrow(), WatchObservation.class, bucket);
                assertThat(seen.observed()).isEqualTo("us-east-1");
                assertThat(seen.down()).isTrue();
                assertThat(seen.watcher()).isEqualTo("eu-west-1");
            }
        }

        Process east = dr("watch", "--config", config.toString(), "--region", "us-east-1", "--once", "--interval",
                "1s", "--threshold", "2s", "--max-wait", "60s", "--json");
        Process west = dr("watch", "--config", config.toString(), "--region", "eu-west-1", "--once", "--interval",
                "1s", "--threshold", "2s", "--max-wait", "60s", "--json");
        int eastCode = await(east);
        int westCode = await(west);

        List<Process> acted = new ArrayList<>();
        for (Process watcher : List.of(east, west)) {
            JsonNode failover = json(watcher).get("failover");
            if (failover != null && !failover.isNull() && failover.get("completed").asBoolean()) {
                acted.add(watcher);
            }
        }
        assertThat(acted).as(output(east) + output(west)).hasSize(1);
        assertThat(List.of(eastCode, westCode)).containsExactlyInAnyOrder(0, 1);
        assertThat(stderr(acted.get(0))).contains("quorum reached: 2 of 2 watchers");
        assertThat(b.inRecovery()).as("promoted once").isFalse();
        assertThat(a.isRunning()).isFalse();
    }

    private Path config(int standbySleepSeconds, String primaryChecks, String extra) throws IOException {
        Path file = Files.createTempFile(temp.getRoot().toPath(), "dr-", ".yaml");
        String standbyChecks = standbySleepSeconds > 0 ? String.format(SLOW_STANDBY_CHECK, standbySleepSeconds) : "";
        Files.writeString(file, "regions:\n"
                + "  - { name: us-east-1, role: primary, bucket: race-a, endpoint: \"" + s3.endpoint() + "\",\n"
                + "      database: \"" + a.url("postgres") + "\", dataDirectory: \"" + a.dataDir() + "\""
                + (primaryChecks.isEmpty() ? "" : ",\n      " + primaryChecks) + " }\n"
                + "  - { name: eu-west-1, role: secondary, bucket: race-b, endpoint: \"" + s3.endpoint() + "\",\n"
                + "      database: \"" + b.url("postgres") + "\", dataDirectory: \"" + b.dataDir() + "\""
                + (standbyChecks.isEmpty() ? "" : ",\n      " + standbyChecks) + " }\n"
                + extra);
        return file;
    }

    private static Region region(String bucket) {
        return new Region("us-east-1", Role.PRIMARY, bucket, s3.endpoint());
    }

    private Process dr(String... args) throws IOException {
        Path jar = Path.of(System.getProperty("dr.jar", "target/dr.jar")).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(temp.getRoot().toPath(), "out-", ".txt");
        Path err = Files.createTempFile(temp.getRoot().toPath(), "err-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("AWS_ACCESS_KEY_ID", s3.accessKeyId());
        builder.environment().put("AWS_SECRET_ACCESS_KEY", s3.secretAccessKey());
        builder.environment().put("AWS_REGION", "us-east-1");
        Process process = builder.start();
        started.add(process);
        outputs.put(process, new Path[] {out, err});
        return process;
    }

    private final java.util.Map<Process, Path[]> outputs = new java.util.HashMap<>();

    private static int await(Process process) throws InterruptedException {
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("dr ended within 180 s").isTrue();
        return process.exitValue();
    }

    private JsonNode json(Process process) throws IOException {
        // The last JSON object printed: the outcome (a watcher prints one per outage).
        String text = Files.readString(outputs.get(process)[0], StandardCharsets.UTF_8);
        JsonNode last = null;
        try (var values = Json.mapper().readerFor(JsonNode.class).<JsonNode>readValues(text)) {
            while (values.hasNext()) {
                last = values.next();
            }
        }
        assertThat(last).as("JSON on stdout of " + process.pid() + ": " + text + stderr(process)).isNotNull();
        return last;
    }

    private String stderr(Process process) throws IOException {
        return Files.readString(outputs.get(process)[1], StandardCharsets.UTF_8);
    }

    private String output(Process process) throws IOException {
        return "\n--- pid " + process.pid() + " stdout:\n" + Files.readString(outputs.get(process)[0]) + "\n--- stderr:\n"
                + stderr(process);
    }

    private void awaitStderr(Process process, String text, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!stderr(process).contains(text)) {
            assertThat(process.isAlive()).as("still running, waiting for \"" + text + "\"" + output(process)).isTrue();
            assertThat(System.nanoTime()).as("\"" + text + "\" within " + seconds + " s" + output(process))
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private FailoverLease.Body awaitLease(Process process, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            List<FailoverLease.Body> leases = leaseObjects();
            if (leases.size() == BUCKETS.length) {
                return leases.get(0);
            }
            assertThat(process.isAlive()).as("still running" + output(process)).isTrue();
            assertThat(System.nanoTime()).as("the lease taken within " + seconds + " s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static List<FailoverLease.Body> leaseObjects() {
        List<FailoverLease.Body> found = new ArrayList<>();
        for (String bucket : BUCKETS) {
            try (ObjectStore store = StoreConnector.connect(region(bucket), s3.credentials())) {
                Optional<byte[]> bytes = store.getBytes(FailoverLease.KEY);
                bytes.ifPresent(b -> found.add(Json.fromBytes(b, FailoverLease.Body.class, bucket)));
            }
        }
        return found;
    }
}
