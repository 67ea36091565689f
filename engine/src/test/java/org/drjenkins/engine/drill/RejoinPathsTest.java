package org.drjenkins.engine.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.Role;
import org.drjenkins.engine.failover.DnsSwitcherFactory;
import org.drjenkins.engine.failover.FailoverLimits;
import org.drjenkins.engine.failover.FailoverTools;
import org.drjenkins.engine.failover.IncidentNotifier;
import org.drjenkins.engine.failover.RecordingProgress;
import org.drjenkins.engine.failover.ReplicationPair;
import org.drjenkins.engine.postgres.ClusterOptions;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.postgres.PgTools;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.testing.S3Fixture;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The rollback paths DrillRunnerTest does not take, against a real streaming pair made without data checksums or
 * wal_log_hints (so pg_rewind refuses it): the fresh base backup, a region's rejoinCommand (success, a failing command,
 * a command that leaves the server unreplicated) and a drill whose fault is a faultCommand. The commands are shell
 * scripts that do what an operator's would on another machine: pg_ctl and pg_basebackup, as postgres when root.
 * After each test the pair is one writable primary and one standby again, whichever way round.
 */
public class RejoinPathsTest {

    /** A variable only the drill's environment has: proves the commands get it, not just the JVM's. */
    private static final String SITE_VARIABLE = "DR_TEST_SITE_TOKEN";
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration THRESHOLD = Duration.ofSeconds(1);
    private static final AtomicInteger ROWS = new AtomicInteger();

    @ClassRule
    public static final S3Fixture S3 = new S3Fixture();

    @ClassRule
    public static final TemporaryFolder SCRIPTS = new TemporaryFolder();

    private static ReplicationPair pair;

    private final RecordingProgress progress = new RecordingProgress();

    @BeforeClass
    public static void startPair() throws Exception {
        pair = ReplicationPair.start("rejoin", ClusterOptions.defaults().withoutDataChecksums());
        pair.primary().execute("postgres", "create table builds (id int primary key, result text)");
    }

    @AfterClass
    public static void stopPair() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    @After
    public void restorePair() throws Exception {
        System.err.println(progress); // into the test's output file, for when it fails
        pair.restore();
    }

    @Test
    public void anOldPrimaryThatPgRewindRefusesIsRebuiltFromAFreshBaseBackupAndReplicates() throws Exception {
        String oldName = pair.primaryRegion();
        String newName = pair.standbyRegion();
        LocalCluster old = pair.primary();
        LocalCluster promoted = pair.standby();
        assertThat(old.sql("postgres", "show data_checksums") + " " + old.sql("postgres", "show wal_log_hints"))
                .as("pg_rewind must have nothing to work with").isEqualTo("off off");
        failOver(old, promoted);

        String how = rejoiner(Map.of()).rejoin(local(oldName, old), local(newName, promoted));

        assertThat(how).startsWith(oldName + " rejoined as a standby of " + newName
                + " with a fresh base backup (pg_rewind failed: ").contains("data checksums", "wal_log_hints",
                "replicated to " + oldName);
        assertThat(progress.lines()).anyMatch(l -> l.contains("pg_rewind of " + oldName + " failed"));
        // Asked on its old port: the rebuilt server kept it.
        assertThat(old.sql("postgres", "select pg_is_in_recovery()")).isEqualTo("t");
        try (Stream<Path> siblings = Files.list(old.dataDir().getParent())) {
            assertThat(siblings.map(p -> p.getFileName().toString())).as("the moved-aside old directory is deleted")
                    .noneMatch(n -> n.contains("before-rejoin"));
        }
        assertRowWrittenOnArrivesOn(promoted, old);
    }

    @Test
    public void aRegionWithoutDataDirectoryRejoinsWithItsRejoinCommandRunWithTheDrillsEnvironment() throws Exception {
        String oldName = pair.primaryRegion();
        String newName = pair.standbyRegion();
        LocalCluster old = pair.primary();
        LocalCluster promoted = pair.standby();
        Path envFile = SCRIPTS.getRoot().toPath().resolve("rejoin-env.txt");
        Region oldRegion = remote(oldName, old, null, rejoinScript(old, envFile));
        Region newRegion = local(newName, promoted);
        failOver(old, promoted);

        String how = rejoiner(Map.of(SITE_VARIABLE, "site-42")).rejoin(oldRegion, newRegion);

        assertThat(how).startsWith(oldName + " rejoined as a standby of " + newName + " with its rejoinCommand in ")
                .contains("written on " + newName + " replicated to " + oldName);
        assertThat(Files.readAllLines(envFile)).contains("DR_REGION=" + oldName,
                "DR_DATABASE_URL=" + oldRegion.database(), "DR_NEW_PRIMARY_REGION=" + newName,
                "DR_NEW_PRIMARY_URL=" + newRegion.database(), SITE_VARIABLE + "=site-42");
        assertThat(old.sql("postgres", "select pg_is_in_recovery()")).isEqualTo("t");
        assertRowWrittenOnArrivesOn(promoted, old);
    }

    @Test
    public void aRejoinCommandThatExitsNonZeroFailsNamingTheRegionTheStatusAndItsOutput() throws Exception {
        String oldName = pair.primaryRegion();
        LocalCluster old = pair.primary();
        Region oldRegion = remote(oldName, old, null, "echo 'ssh: connect to host db.old: No route to host' >&2; exit 3");
        Region newRegion = local(pair.standbyRegion(), pair.standby());
        failOver(old, pair.standby());

        assertThatThrownBy(() -> rejoiner(Map.of()).rejoin(oldRegion, newRegion))
                .isInstanceOf(PhaseFailedException.class)
                .hasMessage("rejoinCommand of " + oldName + " exited 3: ssh: connect to host db.old: No route to host");
        assertThat(old.isRunning()).as("a failed command changes nothing").isFalse();
    }

    @Test
    public void aRejoinCommandThatSucceedsButLeavesTheServerAPrimaryFailsWhenTheReplicationProofTimesOut()
            throws Exception {
        String oldName = pair.primaryRegion();
        String newName = pair.standbyRegion();
        LocalCluster old = pair.primary();
        LocalCluster promoted = pair.standby();
        // Restarts the crashed server as it was: a primary of its own on the old timeline, not a standby.
        String careless = script("restart-as-it-was", "as_pg \"$BIN/pg_ctl\" -D " + old.dataDir() + " -l "
                + old.logFile() + " -w start\n");
        Region oldRegion = remote(oldName, old, null, careless);
        Region newRegion = local(newName, promoted);
        failOver(old, promoted);
        Rejoiner rejoiner = new Rejoiner(Optional.empty(), Map.of(), progress, Duration.ofSeconds(1));
        long start = System.nanoTime();

        assertThatThrownBy(() -> rejoiner.rejoin(oldRegion, newRegion))
                .isInstanceOf(PhaseFailedException.class)
                .hasMessageStartingWith(oldName + " did not replay marker #")
                .hasMessageEndingWith(" from " + newName + " within 1s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(old.isRunning()).as("the command did start it").isTrue();
        assertThat(old.inRecovery()).isFalse();
    }

    @Test
    public void aDrillWhoseFaultIsAFaultCommandDetectsTheOutageFailsOverMeasuresRtoAndRejoinsByCommand()
            throws Exception {
        String source = pair.primaryRegion();
        String target = pair.standbyRegion();
        LocalCluster old = pair.primary();
        LocalCluster standby = pair.standby();
        String fault = script("fault", "echo \"stopping $DR_REGION for drill site $" + SITE_VARIABLE + "\"\n"
                + "as_pg \"$BIN/pg_ctl\" -D " + old.dataDir() + " -m immediate -w stop\n");
        String rejoin = rejoinScript(old, SCRIPTS.getRoot().toPath().resolve("drill-rejoin-env.txt"));
        // The source has no dataDirectory: the engine can neither stop nor rebuild it, only run its commands.
        DrConfig config = config(region(source, "primary", old, false, fault, rejoin)
                + region(target, "secondary", standby, true, null, null));

        DrillReport report = runner(config, Map.of(SITE_VARIABLE, "site-42"))
                .run(DrillOptions.of(Scenario.DATABASE_FAILOVER).detection(INTERVAL, THRESHOLD));

        assertThat(report.outcome()).as(progress.toString()).isEqualTo(DrillOutcome.PASSED);
        assertThat(report.phases()).extracting(PhaseResult::name).containsExactly("steady-state", "fault", "detection",
                "failover", "steady-state-after", "rollback");
        assertThat(report.phases()).allMatch(p -> p.status() == PhaseStatus.PASSED);
        // The script printed the drill's variable: it arrived, and the report shows it masked like any value the
        // drill's environment adds (in Jenkins, credentials).
        assertThat(detail(report, "fault")).startsWith("ran the faultCommand of " + source + ": stopping " + source
                + " for drill site ****").contains("server stopped").doesNotContain("site-42");
        assertThat(detail(report, "detection")).startsWith("every check of " + source + " failed for ");
        assertThat(detail(report, "failover")).startsWith(target + " took over in ");
        assertThat(detail(report, "rollback")).contains(source + " rejoined as a standby of " + target
                + " with its rejoinCommand", "end state: " + target + " is the writable primary, " + source
                + " its standby");
        assertThat(report.failovers()).singleElement().satisfies(f -> {
            assertThat(f.from()).isEqualTo(source);
            assertThat(f.to()).isEqualTo(target);
        });
        assertThat(report.components()).singleElement().satisfies(database -> {
            assertThat(database.component()).isEqualTo("database");
            assertThat(database.rtoSeconds()).isGreaterThanOrEqualTo((double) THRESHOLD.toSeconds());
            assertThat(database.rpoSeconds()).isNotNull();
        });

        assertThat(pair.primaryRegion()).isEqualTo(target);
        assertThat(ReplicationPair.inRecovery(old)).isTrue();
        assertRowWrittenOnArrivesOn(standby, old);
    }

    private Rejoiner rejoiner(Map<String, String> env) {
        return new Rejoiner(Optional.empty(), env, progress);
    }

    /** What the drill's fault and failover leave behind: the primary crashed, the standby promoted. */
    private static void failOver(LocalCluster primary, LocalCluster standby) throws Exception {
        primary.kill();
        standby.promote();
    }

    /** A region whose server runs here: the engine stops, rewinds or rebuilds it itself. */
    private static Region local(String name, LocalCluster cluster) {
        return new Region(name, Role.SECONDARY, "rejoin-" + name, null, cluster.url("postgres").toString(),
                cluster.dataDir(), List.of(), null, null, null);
    }

    /** A region the engine reaches only by URL and commands, as a server on another machine. */
    private static Region remote(String name, LocalCluster cluster, String faultCommand, String rejoinCommand) {
        return new Region(name, Role.SECONDARY, "rejoin-" + name, null, cluster.url("postgres").toString(), null,
                List.of(), null, faultCommand, rejoinCommand);
    }

    /**
     * An operator's rejoin script for a server without checksums: records the variables it was given, then replaces
     * the data directory with a base backup of the new primary (keeping its own port) and starts it as a standby.
     */
    private static String rejoinScript(LocalCluster cluster, Path envFile) throws Exception {
        Path data = cluster.dataDir();
        return script("rejoin-" + cluster.port(), "env | grep '^DR_' | sort > " + envFile + "\n"
                + "as_pg \"$BIN/pg_ctl\" -D " + data + " -m fast -w stop >/dev/null 2>&1 || true\n"
                + "find " + data + " -mindepth 1 -delete\n"
                + "as_pg \"$BIN/pg_basebackup\" -d \"$DR_NEW_PRIMARY_URL\" -D " + data + " -R -X stream -c fast\n"
                + "as_pg sed -i 's/^port = .*/port = " + cluster.port() + "/' " + data.resolve("drjenkins.conf") + "\n"
                + "rm -f " + data.resolve("server.log") + "\n"
                + "as_pg \"$BIN/pg_ctl\" -D " + data + " -l " + data.resolve("server.log") + " -w start >/dev/null\n"
                + "echo \"$DR_REGION follows $DR_NEW_PRIMARY_REGION\"\n");
    }

    /** A script in the class's temporary folder; {@code as_pg} runs a server program as postgres when root. */
    private static String script(String name, String body) throws Exception {
        Path file = SCRIPTS.getRoot().toPath().resolve(name + ".sh");
        Files.writeString(file, "set -eu\n"
                + "cd /\n" // the postgres user cannot enter root's working directory
                + "as_pg() { if [ \"$(id -u)\" = 0 ]; then runuser -u postgres -- \"$@\"; else \"$@\"; fi; }\n"
                + "BIN=" + PgTools.locate().binDir() + "\n"
                + body);
        return "sh " + file;
    }

    private static void assertRowWrittenOnArrivesOn(LocalCluster primary, LocalCluster standby) throws Exception {
        int id = ROWS.incrementAndGet();
        primary.execute("postgres", "insert into builds values (" + id + ", 'written after the rejoin')");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String sql = "select count(*) from builds where id = " + id;
        while (!"1".equals(standby.sql("postgres", sql))) {
            assertThat(System.nanoTime()).as("row " + id + " replicated within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static String detail(DrillReport report, String phase) {
        return report.phases().stream().filter(p -> p.name().equals(phase)).findFirst().orElseThrow().detail();
    }

    private static String region(String name, String role, LocalCluster cluster, boolean local, String faultCommand,
            String rejoinCommand) {
        return "  - name: " + name + "\n"
                + "    role: " + role + "\n"
                + "    bucket: rejoin-" + name + "\n"
                + "    endpoint: \"" + S3.server().endpoint() + "\"\n"
                + "    database: \"" + cluster.url("postgres") + "\"\n"
                + (local ? "    dataDirectory: \"" + cluster.dataDir() + "\"\n" : "")
                + (faultCommand != null ? "    faultCommand: \"" + faultCommand + "\"\n" : "")
                + (rejoinCommand != null ? "    rejoinCommand: \"" + rejoinCommand + "\"\n" : "");
    }

    private static DrConfig config(String regions) {
        DrConfig config = ConfigLoader.parse("regions:\n" + regions, "rejoin test dr.yaml");
        for (Region region : config.regions()) {
            try (ObjectStore store = S3.open(region)) {
                store.createBucketIfMissing();
            }
        }
        return config;
    }

    private DrillRunner runner(DrConfig config, Map<String, String> env) {
        FailoverTools failover = new FailoverTools(Optional.empty(),
                DnsSwitcherFactory.standard(Optional.empty(), S3.server().credentials()),
                IncidentNotifier.fromConfig(config.notifications(), Map.of(), Duration.ofSeconds(2), progress),
                FailoverLimits.defaults());
        Secrets secrets = new Secrets(S3.server().credentials(), Optional.empty(), List.of(), Optional.empty());
        return new DrillRunner(config, new DrillTools(secrets, S3.stores(), failover, env), Clock.systemUTC(), progress);
    }
}
