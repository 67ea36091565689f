package io.jenkins.plugins.dr.steps;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Result;
import hudson.slaves.DumbSlave;
import io.jenkins.plugins.dr.testing.JenkinsPlan;
import io.jenkins.plugins.dr.testing.LocalStore;
import io.jenkins.plugins.dr.testing.Resources;
import io.jenkins.plugins.dr.testing.StreamingPair;
import io.jenkins.plugins.dr.config.DisasterRecoveryConfiguration;
import java.time.Instant;
import java.util.List;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.failover.FailoverLease;
import org.drjenkins.engine.storage.S3ObjectStore;
import org.drjenkins.engine.storage.StoreConnector;
import org.drjenkins.engine.util.Json;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * drRejoin as a pipeline runs it: a real Jenkins, a real agent, a real PostgreSQL primary ({@code us-east-1}) and its
 * streaming standby ({@code eu-west-1}), the project's S3 store. After each test the pair is a writable primary and a
 * streaming standby again.
 */
public class RejoinOnAgentTest {

    @ClassRule
    public static JenkinsRule j = new JenkinsRule();

    static {
        j.timeout = 300; // the class's pipelines on a shared two-core machine; still a bound
    }

    private static LocalStore store;
    private static StreamingPair pair;

    @BeforeClass
    public static void startPairStoreAndAgent() throws Exception {
        store = LocalStore.start("use1", "euw1");
        pair = StreamingPair.start("rejoin-step");
        DumbSlave agent = new DumbSlave("agent", j.createTmpDir().getPath(), j.createComputerLauncher(null));
        agent.setLabelString("agent");
        j.jenkins.addNode(agent);
        j.waitOnline(agent);
        JenkinsPlan plan = new JenkinsPlan(store);
        pair.addRegions(plan, "");
        plan.component("database", "postgres").setUrl(pair.primary().url("postgres").toString());
        plan.target("database", "15m", "5m");
        plan.apply();
    }

    @AfterClass
    public static void stopPairAndStore() throws Exception {
        Resources.closeAll(pair, store);
    }

    @After
    public void restorePair() throws Exception {
        pair.restore();
    }

    @Test
    public void afterDrFailoverDrRejoinMakesTheOldPrimaryAStreamingStandbyAndReturnsHowAndTheProof() throws Exception {
        WorkflowRun run = j.assertBuildStatus(Result.SUCCESS, start("node('agent') {\n"
                + "  drFailover to: 'eu-west-1', confirm: true\n"
                + "  def r = drRejoin region: 'us-east-1'\n"
                + "  echo \"rejoined=${r.region} primary=${r.primary} method=${r.method} proof=${r.proof}\"\n"
                + "}"));

        assertThat(j.getLog(run)).contains("rejoined=us-east-1 primary=eu-west-1 method=pg_rewind proof=marker #",
                "replicated to us-east-1");
        assertThat(StreamingPair.inRecovery(pair.primary())).as("the old primary follows").isTrue();
        assertThat(StreamingPair.writable(pair.standby())).as("the promoted one takes writes").isTrue();
    }

    @Test
    public void aRejoinWithNothingToFollowFailsTheBuildWithOneLineNamingTheFixAndChangesNothing() throws Exception {
        WorkflowRun run = j.assertBuildStatus(Result.FAILURE, start("node('agent') {\n"
                + "  drRejoin region: 'us-east-1'\n"
                + "}"));

        List<String> errors = j.getLog(run).lines().filter(line -> line.startsWith("ERROR:")).toList();
        assertThat(errors).containsExactly("ERROR: drRejoin: cannot rejoin us-east-1: no other region's database is a "
                + "primary that answers; fail over first (dr failover --to REGION), or name the region to follow (dr "
                + "rejoin --primary, drRejoin primary:)");
        assertThat(StreamingPair.writable(pair.primary())).as("the primary still takes writes").isTrue();
        assertThat(StreamingPair.inRecovery(pair.standby())).isTrue();
    }

    @Test
    public void aDrRejoinWhileAWatcherHoldsTheFailoverLeaseFailsNamingItAndOnceReleasedRejoinsHoldingTheLease()
            throws Exception {
        j.assertBuildStatus(Result.SUCCESS, start("node('agent') {\n"
                + "  drFailover to: 'eu-west-1', confirm: true\n"
                + "}"));
        Instant now = Instant.now();
        FailoverLease.Body watcher = new FailoverLease.Body("dr watch --region eu-west-1 on watcher-host (pid 4242)",
                "failover eu-west-1 -> us-east-1", now, now.plusSeconds(600));
        writeLease(watcher);

        WorkflowRun refused = j.assertBuildStatus(Result.FAILURE, start("node('agent') {\n"
                + "  drRejoin region: 'us-east-1'\n"
                + "}"));

        String log = j.getLog(refused);
        assertThat(log.lines().filter(line -> line.startsWith("ERROR:")).toList()).singleElement().asString()
                .startsWith("ERROR: drRejoin: cannot rejoin us-east-1 now, nothing was changed: the failover lease is "
                        + "held by dr watch --region eu-west-1 on watcher-host (pid 4242) for failover eu-west-1 -> "
                        + "us-east-1");
        assertThat(log).doesNotContain("pg_rewind of").doesNotContain("\tat ");
        assertThat(FailoverOnAgentTest.leasesIn(store)).as("the watcher's lease is left alone")
                .containsExactly(watcher, watcher);

        deleteLeases();
        WorkflowRun rejoined = j.assertBuildStatus(Result.SUCCESS, start("node('agent') {\n"
                + "  def r = drRejoin region: 'us-east-1'\n"
                + "  echo \"method=${r.method} done=${r.done}\"\n"
                + "}"));

        assertThat(j.getLog(rejoined)).contains("holding the failover lease of us-east-1, eu-west-1 for rejoin us-east-1 "
                + "as a standby of eu-west-1", "method=pg_rewind done=[lease taken, pg_rewind, configured as standby, "
                + "started, marker replayed]");
        assertThat(StreamingPair.inRecovery(pair.primary())).as("the old primary follows").isTrue();
        assertThat(FailoverOnAgentTest.leasesIn(store)).as("released in every bucket").isEmpty();
    }

    private static void writeLease(FailoverLease.Body body) throws Exception {
        for (Region region : plannedRegions()) {
            try (S3ObjectStore bucket = StoreConnector.connect(region, store.credentials())) {
                bucket.putBytes(FailoverLease.KEY, Json.toBytes(body), "application/json");
            }
        }
    }

    private static void deleteLeases() throws Exception {
        for (Region region : plannedRegions()) {
            try (S3ObjectStore bucket = StoreConnector.connect(region, store.credentials())) {
                bucket.delete(FailoverLease.KEY);
            }
        }
    }

    private static List<Region> plannedRegions() throws Exception {
        return ConfigLoader.parse(DisasterRecoveryConfiguration.get().toYaml(), "the test's plan").regions();
    }

    private static WorkflowRun start(String script) throws Exception {
        WorkflowJob job = j.jenkins.createProject(WorkflowJob.class, "rejoin-" + System.nanoTime());
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job.scheduleBuild2(0).get(180, TimeUnit.SECONDS);
    }
}
