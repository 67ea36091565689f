package io.jenkins.plugins.dr.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.triggers.TimerTrigger;
import io.jenkins.plugins.dr.jenkins.JenkinsFacade;
import io.jenkins.plugins.dr.testing.JenkinsPlan;
import io.jenkins.plugins.dr.testing.LocalStore;
import io.jenkins.plugins.dr.testing.Resources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.job.properties.PipelineTriggersJobProperty;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * Evidence that stays true, through real pages of a real Jenkins: a component with a 20-second RPO target, backed up
 * and verified by a real job, is COMPLIANT on its badge, job page, the Disaster Recovery page and their /api/json right
 * after the build, and VIOLATED 25 seconds later with no new build; two days later its verification is STALE and the
 * job is listed as having MISSED its timer; a scheduled job calling a DR step that never ran is listed with no
 * evidence. The test moves the pages' clock (JenkinsFacade's) instead of sleeping; everything else is real.
 */
public class LiveEvidenceTest {
    @ClassRule
    public static JenkinsRule j = new JenkinsRule();

    static {
        // One Jenkins for the class: the timeout bounds all of it, on two shared cores.
        j.timeout = 900;
    }
    @ClassRule
    public static TemporaryFolder temp = new TemporaryFolder();

    /** A daily timer twelve hours away from now, so the real timer never starts a build while the test runs. */
    private static final String CRON = "H " + (LocalTime.now(ZoneOffset.UTC).getHour() + 12) % 24 + " * * *";

    private static LocalStore store;
    private static WorkflowJob job;
    private static WorkflowRun build;
    private static Instant recoveryPoint;

    @BeforeClass
    public static void aVerifiedBackupAgainstATwentySecondRpo() throws Exception {
        store = LocalStore.start("use1");
        Path tree = temp.newFolder("etc").toPath();
        Files.writeString(tree.resolve("app.conf"), "listen 8080\n", StandardCharsets.UTF_8);
        JenkinsPlan plan = new JenkinsPlan(store);
        plan.region("us-east-1", "primary", "use1");
        plan.component("configuration", "directory").setPath(tree.toString());
        plan.target("configuration", "10m", "20s");
        // The plan's "near 0": any backup misses it, so drCompliance finds this one VIOLATED whenever it runs.
        Path archive = temp.newFolder("archive").toPath();
        Files.writeString(archive.resolve("ledger.csv"), "id,amount\n1,10\n", StandardCharsets.UTF_8);
        plan.component("archive", "directory").setPath(archive.toString());
        plan.target("archive", "10m", "0s");
        plan.apply();

        job = j.createProject(WorkflowJob.class, "nightly-dr");
        job.addProperty(new PipelineTriggersJobProperty(List.of(new TimerTrigger(CRON))));
        job.setDefinition(new CpsFlowDefinition("node {\n"
                + "  def b = drBackup component: 'configuration'\n"
                + "  drVerifyRestore component: 'configuration', backup: b.backupId\n"
                + "}", true));
        build = j.buildAndAssertSuccess(job);
        Evidence verified = build.getActions(DrEvidenceAction.class).stream().map(DrEvidenceAction::evidence)
                .filter(e -> e.kind() == EvidenceKind.VERIFY).findFirst().orElseThrow();
        recoveryPoint = LiveStatus.recoveryPoint(verified).orElseThrow();

        WorkflowJob silent = j.createProject(WorkflowJob.class, "weekly-verify-never-ran");
        silent.addProperty(new PipelineTriggersJobProperty(List.of(new TimerTrigger(CRON))));
        silent.setDefinition(new CpsFlowDefinition("node { drVerifyRestore component: 'configuration' }", true));

        WorkflowJob unrelated = j.createProject(WorkflowJob.class, "unrelated");
        unrelated.addProperty(new PipelineTriggersJobProperty(List.of(new TimerTrigger(CRON))));
        unrelated.setDefinition(new CpsFlowDefinition("echo 'no disaster recovery here'", true));
    }

    @AfterClass
    public static void stopStore() throws Exception {
        Resources.closeAll(store);
    }

    @After
    public void realClockAgain() {
        JenkinsFacade.useClock(Clock.systemUTC());
    }

    private static void clockAt(Instant now) {
        JenkinsFacade.useClock(Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    public void compliantRightAfterTheBuildAndViolatedTwentyFiveSecondsLaterWithNoNewBuild() throws Exception {
        clockAt(recoveryPoint.plusSeconds(2));
        assertEverywhere("compliant", "COMPLIANT");

        clockAt(recoveryPoint.plusSeconds(2 + 25));
        assertEverywhere("violated", "VIOLATED");
        assertThat(job.getLastBuild().getNumber()).as("no new build").isEqualTo(build.getNumber());

        JSONObject component = dashboardJobs().stream().filter(o -> ((JSONObject) o).getString("name").equals("nightly-dr"))
                .map(o -> ((JSONObject) o).getJSONArray("components").getJSONObject(0)).findFirst().orElseThrow();
        assertThat(component.getDouble("rpoSeconds")).isEqualTo(27.0);
        assertThat(component.getString("verdictAtBuild")).isEqualTo("COMPLIANT");
        assertThat(component.getString("rpoBasis")).startsWith("verified backup ");
        assertThat(component.getString("recoveryPoint")).isEqualTo(recoveryPoint.toString());
    }

    @Test
    public void twoDaysLaterTheVerificationIsStaleAndTheJobMissedItsTimer() throws Exception {
        clockAt(recoveryPoint.plus(Duration.ofDays(2)));

        JSONObject nightly = dashboardJob("nightly-dr");
        assertThat(nightly.getBoolean("missed")).isTrue();
        JSONObject component = nightly.getJSONArray("components").getJSONObject(0);
        // A day's timer plus six hours' grace after the verification.
        assertThat(component.getString("staleSince"))
                .isEqualTo(Instant.ofEpochMilli(verification().timeMillis()).plus(Duration.ofHours(30)).toString());
        assertThat(component.getString("refreshedBy")).isEqualTo("nightly-dr");
        assertThat(component.getString("verdict")).as("a violated RPO is worse than stale evidence").isEqualTo("VIOLATED");

        HtmlPage dashboard = j.createWebClient().goTo("manage/disaster-recovery/");
        String row = rowOf(dashboard, "nightly-dr");
        assertThat(row).contains("MISSED").contains(component.getString("staleSince")).contains("nightly-dr");
    }

    @Test
    public void rightAfterTheBuildTheJobHasNotMissedItsTimer() throws Exception {
        clockAt(recoveryPoint.plusSeconds(2));
        JSONObject nightly = dashboardJob("nightly-dr");
        assertThat(nightly.getBoolean("missed")).isFalse();
        assertThat(nightly.getJSONArray("components").getJSONObject(0).get("staleSince")).isIn(null, net.sf.json.JSONNull.getInstance());
        assertThat(nightly.getString("lastResult")).isEqualTo("SUCCESS");
    }

    @Test
    public void aScheduledJobCallingADrStepThatNeverRanIsListedAsMissedWithNoEvidence() throws Exception {
        HtmlPage dashboard = j.createWebClient().goTo("manage/disaster-recovery/");
        String row = rowOf(dashboard, "weekly-verify-never-ran");
        assertThat(row).contains(CRON).contains("no evidence yet").contains("MISSED");
        assertThat(dashboard.asNormalizedText()).doesNotContain("unrelated");

        JSONObject silent = dashboardJob("weekly-verify-never-ran");
        assertThat(silent.getBoolean("noEvidence")).isTrue();
        assertThat(silent.getBoolean("missed")).isTrue();
        assertThat(silent.getString("verdict")).isEqualTo("NO_EVIDENCE");
    }

    @Test
    public void drComplianceReturnsEachComponentsVerdictRecordsItAndFailsOnViolatedNamingTheComponents() throws Exception {
        WorkflowJob gate = j.createProject(WorkflowJob.class, "compliance-gate");
        gate.setDefinition(new CpsFlowDefinition("node {\n"
                + "  def b = drBackup component: 'archive'\n"
                + "  drVerifyRestore component: 'archive', backup: b.backupId\n"
                + "  def c = drCompliance()\n"
                + "  echo \"archive=${c.components.archive.verdict} basis=${c.components.archive.rpoBasis} overall=${c.overall}\"\n"
                + "  drCompliance failOn: 'VIOLATED'\n"
                + "  echo 'not reached'\n"
                + "}", true));
        WorkflowRun run = j.assertBuildStatus(hudson.model.Result.FAILURE, gate.scheduleBuild2(0));

        String log = j.getLog(run);
        assertThat(log).contains("archive=VIOLATED basis=verified backup ").contains("overall=VIOLATED")
                .containsPattern("drCompliance: [^\\n]*archive VIOLATED[^\\n]*failOn: 'VIOLATED'")
                .doesNotContain("not reached");
        // Both evaluations are the build's evidence, one per component of the plan each.
        assertThat(run.getActions(DrEvidenceAction.class)).filteredOn(a -> a.getKind().equals("compliance"))
                .extracting(DrEvidenceAction::getComponent).containsExactlyInAnyOrder("archive", "configuration", "archive", "configuration");
        JSONObject archive = dashboardJob("compliance-gate").getJSONArray("components").stream().map(o -> (JSONObject) o)
                .filter(o -> o.getString("component").equals("archive")).findFirst().orElseThrow();
        assertThat(archive.getString("kind")).isEqualTo("compliance");
        assertThat(archive.getString("verdict")).isEqualTo("VIOLATED");
    }

    @Test
    public void drComplianceRefusesAVerdictItCannotGateOn() throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, "compliance-typo");
        job.setDefinition(new CpsFlowDefinition("node { drCompliance failOn: 'VIOLATD' }", true));
        WorkflowRun run = j.assertBuildStatus(hudson.model.Result.FAILURE, job.scheduleBuild2(0));
        assertThat(j.getLog(run)).contains("drCompliance: failOn: 'VIOLATD' is not a verdict to fail on; write one of AT_RISK, STALE, VIOLATED");
    }

    private static Evidence verification() {
        return build.getActions(DrEvidenceAction.class).stream().map(DrEvidenceAction::evidence)
                .filter(e -> e.kind() == EvidenceKind.VERIFY).findFirst().orElseThrow();
    }

    /** The badge, the build's and the job's and the dashboard's pages and /api/json all say the same verdict. */
    private void assertEverywhere(String label, String name) throws Exception {
        JenkinsRule.WebClient wc = j.createWebClient();

        HtmlPage buildPage = wc.getPage(build);
        List<DomNode> badges = buildPage.querySelectorAll(".dr-evidence-badge svg");
        assertThat(badges).extracting(b -> ((DomElement) b).getAttribute("aria-label")).contains("configuration: " + label);
        List<DomNode> badgeSpans = buildPage.querySelectorAll(".dr-evidence-badge");
        assertThat(badgeSpans).extracting(b -> ((DomElement) b).getAttribute("title"))
                .anyMatch(title -> title.contains("now: ") && title.contains("(" + label + ")"));

        HtmlPage jobPage = wc.getPage(job, "disaster-recovery/");
        assertThat(jobPage.querySelectorAll(".dr-live-verdict")).extracting(DomNode::asNormalizedText).containsOnly(label);

        HtmlPage dashboard = wc.goTo("manage/disaster-recovery/");
        assertThat(rowOf(dashboard, "nightly-dr")).contains(label);

        assertThat(dashboardJob("nightly-dr").getJSONArray("components").getJSONObject(0).getString("verdict")).isEqualTo(name);
        JSONObject standing = j.getJSON(job.getUrl() + "disaster-recovery/api/json?depth=3").getJSONObject().getJSONObject("standing");
        assertThat(standing.getJSONArray("components").getJSONObject(0).getString("verdict")).isEqualTo(name);
        JSONArray actions = j.getJSON(build.getUrl() + "api/json?depth=1").getJSONObject().getJSONArray("actions");
        List<String> live = actions.stream().map(a -> (JSONObject) a).filter(a -> a.has("liveVerdict"))
                .map(a -> a.getString("liveVerdict")).collect(Collectors.toList());
        assertThat(live).hasSize(2).containsOnly(name);
    }

    @Test
    public void thePlansQuarterlyDrillsNoneEverRunAreEachListedAsOverdueSinceTheirLastQuarter() throws Exception {
        clockAt(Instant.parse("2026-08-15T12:00:00Z"));

        HtmlPage dashboard = j.createWebClient().goTo("manage/disaster-recovery/");
        List<String> rows = dashboard.querySelectorAll("table.dr-drill-schedule tbody tr").stream().map(DomNode::asNormalizedText)
                .collect(Collectors.toList());
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).contains("Q1").contains("database-failover").contains("never").contains("OVERDUE");
        assertThat(rows.get(3)).contains("Q4").contains("end-to-end").contains("OVERDUE (no run since 2025-10-01T00:00:00Z)");

        JSONArray drills = j.getJSON("manage/disaster-recovery/api/json?depth=1").getJSONObject().getJSONArray("drills");
        assertThat(drills.stream().map(o -> ((JSONObject) o).getString("scenario")).collect(Collectors.toList()))
                .containsExactly("database-failover", "region-failover", "communication", "end-to-end");
        assertThat(drills.getJSONObject(1).getBoolean("overdue")).isTrue();
        assertThat(drills.getJSONObject(1).getString("dueSince")).isEqualTo("2026-04-01T00:00:00Z");
    }

    private static JSONArray dashboardJobs() throws Exception {
        return j.getJSON("manage/disaster-recovery/api/json?depth=3").getJSONObject().getJSONArray("jobs");
    }

    private static JSONObject dashboardJob(String name) throws Exception {
        return dashboardJobs().stream().map(o -> (JSONObject) o).filter(o -> o.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not on the Disaster Recovery page's /api/json"));
    }

    private static String rowOf(HtmlPage dashboard, String job) {
        return dashboard.querySelectorAll("table.dr-dashboard tbody tr").stream().map(DomNode::asNormalizedText)
                .filter(text -> text.startsWith(job)).findFirst()
                .orElseThrow(() -> new AssertionError(job + " is not on the Disaster Recovery page"));
    }
}
