package org.drjenkins.engine.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.drjenkins.engine.failover.ReplicationPair.REGION_A;
import static org.drjenkins.engine.failover.ReplicationPair.REGION_B;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.failover.dns.NoDnsSwitcher;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.postgres.PgConnections;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** Fences on a real streaming pair: each part confirmed, and a fence that does not hold stops the failover. */
public class FencingTest {

    private static ReplicationPair pair;

    private final RecordingProgress progress = new RecordingProgress();

    @BeforeClass
    public static void startPair() throws Exception {
        pair = ReplicationPair.start("fencing");
    }

    @AfterClass
    public static void stopPair() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    @After
    public void restorePair() throws Exception {
        System.err.println(progress);
        for (String region : List.of(REGION_A, REGION_B)) {
            LocalCluster cluster = pair.cluster(region);
            if (cluster.isRunning() && !ReplicationPair.inRecovery(cluster)) {
                try (Connection c = PgConnections.open(cluster.url("template1"), Optional.empty());
                        Statement st = c.createStatement()) {
                    st.execute("set default_transaction_read_only = off");
                    st.execute("alter role postgres reset default_transaction_read_only");
                }
            }
        }
        pair.restore();
    }

    private DrConfig config() throws Exception {
        return config(null);
    }

    /** Both regions with their database; the current primary with {@code fenceCommand} when not null. */
    private DrConfig config(String fenceCommand) throws Exception {
        String primary = pair.primaryRegion();
        StringBuilder yaml = new StringBuilder("regions:\n");
        for (String region : List.of(REGION_A, REGION_B)) {
            yaml.append("  - name: ").append(region).append('\n')
                    .append("    role: ").append(region.equals(primary) ? "primary" : region.equals(REGION_A) ? "tertiary"
                            : "secondary").append('\n')
                    .append("    bucket: fence-").append(region).append('\n')
                    .append("    database: \"").append(pair.cluster(region).url("postgres")).append("\"\n");
            if (fenceCommand != null && region.equals(primary)) {
                yaml.append("    fenceCommand: '").append(fenceCommand).append("'\n");
            }
        }
        return ConfigLoader.parse(yaml.toString(), "fencing test dr.yaml");
    }

    private FailoverService service(DrConfig config, FailoverLimits limits) {
        FailoverTools tools = new FailoverTools(Optional.empty(), settings -> new NoDnsSwitcher(),
                IncidentNotifier.none(progress), limits);
        return new FailoverService(config, tools, Clock.systemUTC(), progress);
    }

    /** A session that asked for read-write transactions, as any client may. */
    private static boolean writesWithReadWriteCharacteristics(LocalCluster cluster) {
        try (Connection c = PgConnections.open(cluster.url("postgres"), Optional.empty());
                Statement st = c.createStatement()) {
            st.execute("set session characteristics as transaction read write");
            st.execute("create table if not exists fence_probe (n int); insert into fence_probe values (1)");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Test
    public void theReadOnlyDefaultAloneIsOverriddenBySessionCharacteristicsWhichIsWhyTheFenceAlsoRefusesConnections()
            throws Exception {
        LocalCluster primary = pair.primary();
        // The read-only default by itself, as the fence's first part sets it:
        primary.execute("postgres", "alter system set default_transaction_read_only = on; select pg_reload_conf()");
        Thread.sleep(200);
        assertThat(writesWithReadWriteCharacteristics(primary)).as("a client overrides the default").isTrue();
        primary.execute("postgres", "alter system reset default_transaction_read_only; select pg_reload_conf()");

        RegionDatabase db = RegionDatabase.of(config().region(pair.primaryRegion()).orElseThrow(), Optional.empty());
        RegionDatabase.Fenced fenced = db.fence();

        assertThat(fenced.databases()).contains("postgres").doesNotContain("template1", "template0");
        assertThat(writesWithReadWriteCharacteristics(primary)).as("the whole fence holds against the override").isFalse();
        assertThat(db.answers()).as("the failover's own queries still get in").isTrue();
        assertThat(db.acceptsWrites()).isFalse();
        db.unfence();
        assertThat(ReplicationPair.writable(primary)).isTrue();
    }

    @Test
    public void aFenceThatCannotBeConfirmedFailsTheFailoverBeforePromotionAndLeavesThePrimaryWritable() throws Exception {
        LocalCluster primary = pair.primary();
        LocalCluster standby = pair.standby();
        // A per-role setting beats ALTER SYSTEM: new sessions of this role never see the read-only default.
        primary.execute("postgres", "alter role postgres set default_transaction_read_only = off");

        long start = System.nanoTime();
        FailoverResult result = service(config(), FailoverLimits.defaults().withFenceConfirm(Duration.ofSeconds(1)))
                .run(FailoverRequest.to(pair.standbyRegion()).forced(true));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.completed()).isFalse();
        assertThat(result.steps()).extracting(Step::name).containsExactly("fence", "undo-fence");
        assertThat(result.steps().get(0).status()).isEqualTo(Step.Status.FAILED);
        assertThat(result.failure()).contains("still sees default_transaction_read_only = off", "overridden per role");
        assertThat(took).as("the deadline, not forever").isLessThan(Duration.ofSeconds(30));
        assertThat(ReplicationPair.inRecovery(standby)).as("nothing promoted").isTrue();
        assertThat(ReplicationPair.writable(primary)).as("the primary writes as before").isTrue();
    }

    /** What a STONITH hook does to a server on this machine: stop it (pg_ctl, as the postgres user when root). */
    private static String stopCommand(LocalCluster cluster) throws Exception {
        List<String> words = org.drjenkins.engine.postgres.PgTools.locate().serverCommand("pg_ctl", "-D",
                cluster.dataDir().toString(), "-m", "fast", "-w", "stop").command();
        return String.join(" ", words.stream().map(w -> "\"" + w + "\"").toList()) + " && echo stopped $DR_REGION";
    }

    @Test
    public void aFenceCommandIsPreferredAndConfirmedByTheOldPrimaryNoLongerAnswering() throws Exception {
        String oldPrimary = pair.primaryRegion();
        String target = pair.standbyRegion();
        DrConfig config = config(stopCommand(pair.primary()));

        FailoverResult dry = service(config, FailoverLimits.defaults()).run(FailoverRequest.to(target).asDryRun(true));
        assertThat(dry.steps()).extracting(Step::name).containsExactly("fence", "catch-up", "fence-command", "promote",
                "switch-dns", "post-checks");
        FailoverResult result = service(config, FailoverLimits.defaults()).run(FailoverRequest.to(target));

        assertThat(result.completed()).as(progress.toString()).isTrue();
        assertThat(result.steps()).extracting(Step::name).containsExactly("fence", "catch-up", "fence-command", "promote",
                "switch-dns", "post-checks");
        assertThat(result.steps().get(0).detail()).doesNotContain("ALLOW_CONNECTIONS");
        assertThat(result.steps().get(2).detail()).contains("no longer answers", "stopped " + oldPrimary);
        assertThat(pair.cluster(oldPrimary).isRunning()).isFalse();
        assertThat(ReplicationPair.writable(pair.cluster(target))).isTrue();
        assertThat(result.rpoSeconds()).isZero();
    }

    @Test
    public void aFenceCommandThatLeavesTheServerAnsweringFailsBeforePromotionAndThePrimaryWritesAgain() throws Exception {
        LocalCluster primary = pair.primary();
        LocalCluster standby = pair.standby();

        FailoverResult result = service(config("echo pretending to fence"), FailoverLimits.defaults()
                .withFenceConfirm(Duration.ofSeconds(1))).run(FailoverRequest.to(pair.standbyRegion()).forced(true));

        assertThat(result.completed()).isFalse();
        assertThat(result.steps()).extracting(Step::name, Step::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("fence", Step.Status.DONE),
                org.assertj.core.groups.Tuple.tuple("catch-up", Step.Status.DONE),
                org.assertj.core.groups.Tuple.tuple("fence-command", Step.Status.FAILED),
                org.assertj.core.groups.Tuple.tuple("undo-fence", Step.Status.DONE));
        assertThat(result.failure()).contains("exited 0 but", "still answers", "pretending to fence");
        assertThat(ReplicationPair.inRecovery(standby)).isTrue();
        assertThat(ReplicationPair.writable(primary)).isTrue();
    }

    @Test
    public void anUnreachablePrimaryThatCannotBeFencedIsRefusedUnlessForced() throws Exception {
        String target = pair.standbyRegion();
        DrConfig config = config();
        pair.primary().kill();

        FailoverResult refused = service(config, FailoverLimits.defaults()).run(FailoverRequest.to(target));

        assertThat(refused.refused()).as(progress.toString()).isTrue();
        assertThat(refused.gates()).filteredOn(g -> !g.passed()).extracting(Gate::name)
                .containsExactly("old primary can be fenced");
        assertThat(refused.gates()).filteredOn(g -> !g.passed()).first().extracting(Gate::detail).asString()
                .contains("--force", "fenceCommand");
        assertThat(ReplicationPair.inRecovery(pair.cluster(target))).isTrue();

        FailoverResult forced = service(config, FailoverLimits.defaults()).run(FailoverRequest.to(target).forced(true));

        assertThat(forced.completed()).as(progress.toString()).isTrue();
        assertThat(forced.forced()).isTrue();
        assertThat(forced.steps().get(0).status()).isEqualTo(Step.Status.SKIPPED);
        assertThat(forced.steps().get(0).detail()).contains("cannot be fenced from here (forced)");
    }
}
