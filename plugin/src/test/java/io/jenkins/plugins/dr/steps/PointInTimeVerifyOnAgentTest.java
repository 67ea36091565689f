package io.jenkins.plugins.dr.steps;

import io.jenkins.plugins.dr.testing.Pipelines;
import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Label;
import hudson.model.Result;
import io.jenkins.plugins.dr.config.ComponentEntry;
import io.jenkins.plugins.dr.config.DisasterRecoveryConfiguration;
import io.jenkins.plugins.dr.testing.JenkinsPlan;
import io.jenkins.plugins.dr.testing.LocalStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.drjenkins.engine.config.Component;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.postgres.ClusterOptions;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.storage.S3ObjectStore;
import org.drjenkins.engine.storage.StoreConnector;
import org.drjenkins.engine.util.TempFiles;
import org.drjenkins.engine.wal.WalPusher;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * {@code drVerifyRestore(toTime:)} and {@code (toLsn:)} in a real Jenkins on a real agent: a PostgreSQL 15 cluster
 * archiving its WAL, a base backup by drBackup, two batches of rows either side of a moment, the WAL pushed to the
 * project's S3 store, and a verification whose checks pass only if the restore stopped between the batches.
 */
public class PointInTimeVerifyOnAgentTest {
    @ClassRule
    public static JenkinsRule j = new JenkinsRule();

    static {
        // The rule's timeout covers the whole class: Jenkins, an agent, a base backup and three restores with WAL
        // replay, on machines where several builds share two cores.
        j.timeout = 600;
    }


    private static LocalStore store;
    private static LocalCluster cluster;
    private static Path archive;
    private static JenkinsPlan plan;
    private static String betweenBatches;
    private static String afterFirstBatch;

    @BeforeClass
    public static void backUpOnTheAgentThenWriteTwoBatches() throws Exception {
        store = LocalStore.start("use1");
        // Not under the TemporaryFolder: its root is private to root, and the server's OS user must write here.
        archive = Files.createTempDirectory("dr-plugin-archive-");
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rwxrwxrwx"));
        cluster = LocalCluster.ephemeral("plugin-pitr", ClusterOptions.defaults().withSetting("archive_mode", "on")
                .withSetting("archive_command", "test ! -f '" + archive + "/%f' && cp %p '" + archive + "/%f'"));
        cluster.execute("postgres", "CREATE DATABASE shop");
        cluster.execute("shop", "CREATE TABLE orders (id serial PRIMARY KEY, batch int NOT NULL)");
        plan = new JenkinsPlan(store);
        plan.region("us-east-1", "primary", "use1");
        // postgres-cluster: the type with a WAL archive (the form's type list lacks it; dr.yaml has it).
        ComponentEntry db = plan.component("db", "postgres-cluster");
        db.setUrl(cluster.url("shop").toString());
        db.setChecks("select count(*) = 100 from orders where batch = 1\n"
                + "select count(*) = 0 from orders where batch = 2");
        plan.apply();
        j.createOnlineSlave(Label.get("agent"));

        run("node('agent') { drBackup component: 'db' }", Result.SUCCESS);
        cluster.execute("shop", "INSERT INTO orders (batch) SELECT 1 FROM generate_series(1, 100)");
        afterFirstBatch = cluster.sql("shop", "SELECT pg_current_wal_lsn()");
        betweenBatches = cluster.sql("shop", "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC',"
                + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
        Thread.sleep(20);
        cluster.execute("shop", "INSERT INTO orders (batch) SELECT 2 FROM generate_series(1, 50)");
        pushArchivedWal(cluster.sql("postgres", "SELECT pg_walfile_name(pg_switch_wal())"));
    }

    /** What archive_command = 'dr wal-push …' would have done, in-process: waits for the segment, pushes them all. */
    private static void pushArchivedWal(String lastSegment) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!Files.exists(archive.resolve(lastSegment))) {
            assertThat(System.currentTimeMillis()).as("archiving " + lastSegment).isLessThan(deadline);
            Thread.sleep(50);
        }
        DrConfig config = ConfigLoader.parse(DisasterRecoveryConfiguration.get().toYaml(), "the test's plan");
        Component db = config.component("db").orElseThrow();
        try (S3ObjectStore primary = StoreConnector.connect(config.primary(), store.credentials());
                Stream<Path> files = Files.list(archive)) {
            WalPusher pusher = new WalPusher(primary, "db", db.compression(), 3, java.util.List.of());
            for (Path file : files.sorted().toList()) {
                pusher.push(file);
            }
        }
    }

    @AfterClass
    public static void stopClusterAndStore() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (store != null) {
            store.close();
        }
        if (archive != null) {
            TempFiles.deleteRecursively(archive);
        }
    }

    @Test
    public void aVerificationToTheMomentBetweenTwoBatchesRestoresExactlyTheFirst() throws Exception {
        WorkflowRun run = run("node('agent') {\n"
                + "  def v = drVerifyRestore component: 'db', toTime: '" + betweenBatches + "'\n"
                + "  echo \"verified=${v.verified} failures=${v.failures}\"\n"
                + "}", Result.SUCCESS);

        assertThat(j.getLog(run)).contains("verified=true failures=[]").contains("VERIFIED db/");
    }

    @Test
    public void aVerificationToAWalPositionStopsThere() throws Exception {
        WorkflowRun run = run("node('agent') {\n"
                + "  def v = drVerifyRestore component: 'db', toLsn: '" + afterFirstBatch + "'\n"
                + "  echo \"verified=${v.verified} failures=${v.failures}\"\n"
                + "}", Result.SUCCESS);

        assertThat(j.getLog(run)).contains("verified=true failures=[]");
    }

    @Test
    public void withoutATargetTheWholeArchiveIsReplayedAndTheChecksForTheMomentFail() throws Exception {
        WorkflowRun run = run("node('agent') { drVerifyRestore component: 'db' }", Result.FAILURE);

        assertThat(j.getLog(run)).contains("did NOT verify")
                .contains("check failed: select count(*) = 0 from orders where batch = 2");
    }

    private static WorkflowRun run(String script, Result expected) throws Exception {
        return Pipelines.run(j, script, expected);
    }
}
