package io.jenkins.plugins.dr.steps;

import io.jenkins.plugins.dr.testing.Resources;
import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Result;
import hudson.slaves.DumbSlave;
import io.jenkins.plugins.dr.evidence.DrEvidenceAction;
import io.jenkins.plugins.dr.testing.JenkinsPlan;
import io.jenkins.plugins.dr.testing.LocalStore;
import io.jenkins.plugins.dr.testing.StreamingPair;
import io.jenkins.plugins.dr.config.DisasterRecoveryConfiguration;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.failover.FailoverLease;
import org.drjenkins.engine.storage.S3ObjectStore;
import org.drjenkins.engine.storage.StoreConnector;
import org.drjenkins.engine.util.Json;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * drFailover as a pipeline runs it: a real Jenkins, a real agent, a real PostgreSQL primary ({@code us-east-1}) and
 * its streaming standby ({@code eu-west-1}), the project's S3 store. After each test the pair is a writable primary
 * and a streaming standby again.
 */
public class FailoverOnAgentTest {
    /**
     * A health check of the target that takes seconds while it is a standby (the gates), and none once promoted (the
     * post-checks): long enough for a second build to meet the lease of the first.
     */
    static final String SLOW_STANDBY_CHECK = "healthChecks: [ { postgres: \"select true from pg_sleep(case when"
            + " pg_is_in_recovery() then 6 else 0 end)\", timeout: 30s } ]\n";

    @ClassRule
    public static JenkinsRule j = new JenkinsRule();

    static {
        // A class rule's timeout covers every test of the class: five pipelines, one waiting on another, on a build
        // machine whose two cores other builds share. Still a bound.
        j.timeout = 420;
    }

    private static LocalStore store;
    private static StreamingPair pair;
    private static JenkinsPlan plan;

    @BeforeClass
    public static void startPairStoreAndAgent() throws Exception {
        store = LocalStore.start("use1", "euw1");
        pair = StreamingPair.start("failover-step");
        // Two executors: two builds can be inside node('agent') at once, so only the failover lease keeps them apart.
        DumbSlave agent = new DumbSlave("agent", j.createTmpDir().getPath(), j.createComputerLauncher(null));
        agent.setNumExecutors(2);
        agent.setLabelString("agent");
        j.jenkins.addNode(agent);
        j.waitOnline(agent);
    }

    @AfterClass
    public static void stopPairAndStore() throws Exception {
        Resources.closeAll(pair, store);
    }

    @Before
    public void planWithPromptChecks() throws Exception {
        plan = applyPlan("");
    }

    @After
    public void restorePair() throws Exception {
        pair.restore();
    }

    static JenkinsPlan applyPlan(String standbySettings) throws Exception {
        JenkinsPlan next = new JenkinsPlan(store);
        pair.addRegions(next, standbySettings);
        next.component("database", "postgres").setUrl(pair.primary().url("postgres").toString());
        next.target("database", "15m", "5m");
        next.apply();
        return next;
    }

    @Test
    public void aDryRunReturnsThePlanAndChangesNothing() throws Exception {
        WorkflowRun run = j.assertBuildStatus(Result.SUCCESS, start("node('agent') {\n"
                + "  def p = drFailover to: 'eu-west-1', dryRun: true\n"
                + "  echo \"dryRun=${p.dryRun} refused=${p.refused} from=${p.from} to=${p.to}\"\n"
                + "}"));

        assertThat(j.getLog(run)).contains("dryRun=true refused=false from=us-east-1 to=eu-west-1")
                .contains("promote").doesNotContain("holding");
        assertThat(StreamingPair.inRecovery(pair.standby())).as("the standby is still a standby").isTrue();
        assertThat(StreamingPair.writable(pair.primary())).as("the primary still takes writes").isTrue();
        assertThat(run.getActions(DrEvidenceAction.class)).as("a dry run records nothing").isEmpty();
    }

    @Test
    public void fromNamesTheRegionFailedOverFromAndAnUnknownOneIsRefusedNamingTheParameter() throws Exception {
        WorkflowRun reversed = j.assertBuildStatus(Result.SUCCESS, start("node('agent') {\n"
                + "  def p = drFailover to: 'us-east-1', from: 'eu-west-1', dryRun: true\n"
                + "  echo \"from=${p.from} to=${p.to} refused=${p.refused}\"\n"
                + "}"));
        WorkflowRun unknown = j.assertBuildStatus(Result.FAILURE, start("node('agent') {\n"
                + "  drFailover to: 'eu-west-1', from: 'ap-south-1', dryRun: true\n"
                + "}"));

        assertThat(j.getLog(reversed)).as("us-east-1 is no standby: the dry run's gates refuse, it does not fail")
                .contains("from=eu-west-1 to=us-east-1 refused=true");
        assertThat(j.getLog(unknown)).contains("ERROR: drFailover: from: 'ap-south-1' is not a region of the plan; use"
                + " one of us-east-1, eu-west-1");
        assertThat(StreamingPair.inRecovery(pair.standby())).isTrue();
    }

    @Test
    public void aFailoverTheGatesRefuseFailsTheBuildWithOneLineAndLeavesThePrimaryWritable() throws Exception {
        pair.standby().stop();

        WorkflowRun run = j.assertBuildStatus(Result.FAILURE, start("node('agent') {\n"
                + "  drFailover to: 'eu-west-1', confirm: true\n"
                + "}"));

        String log = j.getLog(run);
        List<String> errors = log.lines().filter(line -> line.startsWith("ERROR:")).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("ERROR: drFailover: the gates refused the failover from us-east-1 to"
                + " eu-west-1; nothing was changed: ").contains("target is a standby in recovery");
        assertThat(log).as("no stack trace for a refusal").doesNotContain("\tat ");
        assertThat(StreamingPair.writable(pair.primary())).as("the primary still takes writes").isTrue();
        assertThat(run.getActions(DrEvidenceAction.class)).as("a refused failover records nothing").isEmpty();
        assertThat(leases()).as("the lease is released in every bucket").isEmpty();
    }

    @Test
    public void aConfirmedFailoverPromotesTheStandbyAndRecordsItsEvidence() throws Exception {
        WorkflowRun run = j.assertBuildStatus(Result.SUCCESS, start("node('agent') {\n"
                + "  def r = drFailover to: 'eu-west-1', confirm: true\n"
                + "  echo \"completed=${r.completed} from=${r.from} to=${r.to} rto=${r.rtoSeconds > 0}\"\n"
                + "}"));

        String log = j.getLog(run);
        assertThat(log).contains("holding the failover lease of us-east-1, eu-west-1 for failover us-east-1 -> eu-west-1")
                .contains("completed=true from=us-east-1 to=eu-west-1"
                + " rto=true");
        assertThat(pair.standby().inRecovery()).as("pg_is_in_recovery() of the promoted standby").isFalse();
        assertThat(StreamingPair.writable(pair.standby())).isTrue();
        assertThat(StreamingPair.writable(pair.primary())).as("the old primary is fenced").isFalse();
        DrEvidenceAction evidence = run.getAction(DrEvidenceAction.class);
        assertThat(evidence).isNotNull();
        assertThat(evidence.getComponent()).isEqualTo("database");
        assertThat(evidence.getKind()).isEqualTo("failover");
        assertThat(evidence.isPassed()).isTrue();
        assertThat(evidence.getRtoSeconds()).isPositive();
        assertThat(evidence.getRtoTargetSeconds()).isEqualTo(900.0);
        assertThat(leases()).as("the lease is released in every bucket").isEmpty();
        for (String secret : plan.secrets()) {
            assertThat(log).doesNotContain(secret);
            assertThat(Files.readString(run.getRootDir().toPath().resolve("build.xml"))).doesNotContain(secret);
        }
    }

    @Test
    public void ofTwoBuildsFailingOverTheSameRegionsTheSecondIsRefusedByTheLeaseNamingTheFirst() throws Exception {
        applyPlan(SLOW_STANDBY_CHECK);
        String script = "node('agent') {\n  drFailover to: 'eu-west-1', confirm: true\n}";
        WorkflowJob firstJob = job(script);
        WorkflowRun first = firstJob.scheduleBuild2(0).waitForStart();
        awaitLog(first, "holding the failover lease of us-east-1, eu-west-1", 60);
        assertThat(leases()).as("the lease is in both buckets, naming the build that holds it").hasSize(2)
                .allSatisfy(lease -> assertThat(lease.holder()).startsWith("drFailover of " + first.getExternalizableId()
                        + " on "));

        long startedAt = System.nanoTime();
        WorkflowRun second = j.assertBuildStatus(Result.FAILURE, start(script));
        long secondSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedAt);

        assertThat(j.getLog(second)).contains("failover lease taken").contains("held by drFailover of "
                + first.getExternalizableId()).contains("nothing was changed").doesNotContain("holding the failover lease")
                .doesNotContain("force: true");
        assertThat(first.isBuilding()).as("the first still runs: the second did not wait for it").isTrue();
        assertThat(secondSeconds).isLessThan(30);
        j.assertBuildStatus(Result.SUCCESS, j.waitForCompletion(first));
        assertThat(first.getActions(DrEvidenceAction.class)).hasSize(1);
        assertThat(second.getActions(DrEvidenceAction.class)).isEmpty();
        assertThat(pair.standby().inRecovery()).isFalse();
        assertThat(leases()).as("released in every bucket when the first ended").isEmpty();
    }

    @Test
    public void aLeaseThatDrWatchHoldsInTheBucketsRefusesTheFailoverNamingItsHolderAndOnceReleasedItProceeds()
            throws Exception {
        // What dr watch --region eu-west-1 on another machine writes when it acts: another process, another JVM, so no
        // memory of this controller's can know of it; only the buckets do.
        Instant now = Instant.now();
        FailoverLease.Body watcher = new FailoverLease.Body("dr watch --region eu-west-1 on watcher-host (pid 4242)",
                "failover us-east-1 -> eu-west-1", now, now.plusSeconds(600));
        writeLease(watcher);

        WorkflowRun refused = j.assertBuildStatus(Result.FAILURE, start("node('agent') {\n"
                + "  drFailover to: 'eu-west-1', confirm: true\n"
                + "}"));

        String log = j.getLog(refused);
        assertThat(log).contains("held by dr watch --region eu-west-1 on watcher-host (pid 4242)")
                .contains("failover lease taken").doesNotContain("force: true").doesNotContain("\tat ");
        assertThat(StreamingPair.writable(pair.primary())).as("nothing fenced: the primary still takes writes").isTrue();
        assertThat(StreamingPair.inRecovery(pair.standby())).as("nothing promoted").isTrue();
        assertThat(leases()).as("the watcher's lease is left alone").containsExactly(watcher, watcher);

        releaseLeases();
        WorkflowRun proceeds = j.assertBuildStatus(Result.SUCCESS, start("node('agent') {\n"
                + "  drFailover to: 'eu-west-1', confirm: true\n"
                + "}"));

        assertThat(j.getLog(proceeds)).contains("holding the failover lease of us-east-1, eu-west-1");
        assertThat(pair.standby().inRecovery()).isFalse();
        assertThat(StreamingPair.writable(pair.primary())).as("the old primary is fenced").isFalse();
        assertThat(leases()).isEmpty();
    }

    /** The failover lease objects in the regions' buckets, as any contender reads them. */
    private static List<FailoverLease.Body> leases() throws Exception {
        return leasesIn(store);
    }

    static List<FailoverLease.Body> leasesIn(LocalStore store) throws Exception {
        List<FailoverLease.Body> found = new ArrayList<>();
        for (Region region : plannedRegions()) {
            try (S3ObjectStore bucket = StoreConnector.connect(region, store.credentials())) {
                bucket.getBytes(FailoverLease.KEY).ifPresent(bytes -> found.add(Json.fromBytes(bytes,
                        FailoverLease.Body.class, FailoverLease.KEY)));
            }
        }
        return found;
    }

    private static void writeLease(FailoverLease.Body body) throws Exception {
        for (Region region : plannedRegions()) {
            try (S3ObjectStore bucket = StoreConnector.connect(region, store.credentials())) {
                bucket.putBytes(FailoverLease.KEY, Json.toBytes(body), "application/json");
            }
        }
    }

    private static void releaseLeases() throws Exception {
        for (Region region : plannedRegions()) {
            try (S3ObjectStore bucket = StoreConnector.connect(region, store.credentials())) {
                bucket.delete(FailoverLease.KEY);
            }
        }
    }

    private static List<Region> plannedRegions() throws Exception {
        return ConfigLoader.parse(DisasterRecoveryConfiguration.get().toYaml(), "the test's plan").regions();
    }

    private static WorkflowJob job(String script) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job;
    }

    private static WorkflowRun start(String script) throws Exception {
        return job(script).scheduleBuild2(0).get(120, TimeUnit.SECONDS);
    }

    /** Waits at most {@code seconds} for the build log to show {@code text}. */
    static void awaitLog(WorkflowRun run, String text, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!JenkinsRule.getLog(run).contains(text)) {
            if (System.nanoTime() > deadline || !run.isLogUpdated()) {
                throw new AssertionError("no \"" + text + "\" within " + seconds + " s in the log of " + run + ":\n"
                        + JenkinsRule.getLog(run));
            }
            Thread.sleep(100);
        }
    }
}
