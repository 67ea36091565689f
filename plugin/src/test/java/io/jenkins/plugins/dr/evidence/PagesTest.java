package io.jenkins.plugins.dr.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.triggers.TimerTrigger;
import io.jenkins.plugins.dr.testing.JenkinsPlan;
import io.jenkins.plugins.dr.testing.LocalStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.job.properties.PipelineTriggersJobProperty;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * The plugin's pages as a person sees them, in a real Jenkins with JavaScript on (any script error fails the test):
 * the evidence of a real drBackup and drVerifyRestore of a directory on the build page, the trend on the job page,
 * and the Manage Jenkins dashboard with each job's schedule and verdicts. One Jenkins, one store, two builds.
 */
public class PagesTest {
    @ClassRule
    public static JenkinsRule j = new JenkinsRule();

    static {
        // As a class rule the harness' timeout bounds the whole class, not one test: one Jenkins serves them all, and
        // on two shared cores each scripted page takes seconds.
        j.timeout = 900;
    }
    @ClassRule
    public static TemporaryFolder temp = new TemporaryFolder();

    private static final String CRON = "H 2 * * *";

    private static LocalStore store;
    private static JenkinsPlan plan;
    private static WorkflowJob job;
    private static WorkflowRun last;

    @BeforeClass
    public static void twoNightlyBuilds() throws Exception {
        store = LocalStore.start("use1");
        Path tree = temp.newFolder("etc").toPath();
        Files.writeString(tree.resolve("app.conf"), "listen 8080\n", StandardCharsets.UTF_8);
        plan = new JenkinsPlan(store);
        plan.region("us-east-1", "primary", "use1");
        plan.component("configuration", "directory").setPath(tree.toString());
        plan.target("configuration", "5m", "10m");
        plan.apply();

        job = j.createProject(WorkflowJob.class, "nightly-dr");
        job.addProperty(new PipelineTriggersJobProperty(List.of(new TimerTrigger(CRON))));
        job.setDefinition(new CpsFlowDefinition("node {\n"
                + "  def b = drBackup component: 'configuration'\n"
                + "  drVerifyRestore component: 'configuration', backup: b.backupId\n"
                + "}", true));
        j.buildAndAssertSuccess(job);
        last = j.buildAndAssertSuccess(job);

        WorkflowJob other = j.createProject(WorkflowJob.class, "unrelated");
        other.addProperty(new PipelineTriggersJobProperty(List.of(new TimerTrigger("H 3 * * 1"))));
        other.setDefinition(new CpsFlowDefinition("echo 'no disaster recovery here'", true));
        j.buildAndAssertSuccess(other);
    }

    @AfterClass
    public static void stopStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    public void theBuildPageShowsTheBadgeAndTheMeasuredFiguresAgainstTheTargets() throws Exception {
        DrEvidenceAction verification = last.getActions(DrEvidenceAction.class).stream()
                .filter(action -> action.getKind().equals("verify")).findFirst().orElseThrow();
        assertThat(verification.getRtoSeconds()).isNotNull();

        HtmlPage page = j.createWebClient().getPage(last);

        List<DomNode> badges = page.querySelectorAll(".dr-evidence-badge");
        assertThat(badges).hasSize(2);
        // What the build measured, after the figures now (the RPO has grown since the build).
        assertThat(badges).extracting(badge -> ((DomElement) badge).getAttribute("title"))
                .anyMatch(title -> title.startsWith("configuration (verify): now: RPO ")
                        && title.endsWith(" · at build: " + verification.evidence().tooltip()));
        String text = page.asNormalizedText();
        assertThat(text).contains("Disaster recovery — configuration, backup")
                .contains("Disaster recovery — configuration, verify")
                .contains("RPO measured / target").contains("RTO measured / target")
                .contains(verification.getRtoText()).contains(verification.getRpoText())
                .contains(verification.getBackupId());
        assertThat(verification.getRtoText()).endsWith(" / 5m");
        assertThat(verification.getRpoText()).endsWith(" / 10m");
        assertNoSecretIn(page);
    }

    @Test
    public void theJobPageShowsTheTrendChartAndTheBadgesInTheBuildHistory() throws Exception {
        JenkinsRule.WebClient wc = j.createWebClient();
        HtmlPage page = wc.getPage(job);
        wc.waitForBackgroundJavaScript(10_000);

        DomNode chart = page.querySelector(".dr-trend-chart svg");
        assertThat(chart).isNotNull();
        assertThat(((DomElement) chart).getAttribute("aria-label")).isEqualTo("RPO and RTO of configuration");
        // Two builds, each a backup and a verification: four RPO points, two RTO points (a backup measures no RTO).
        assertThat(chart.querySelectorAll("circle")).hasSize(6);
        assertThat(page.asNormalizedText()).contains("configuration: compliant");
        assertThat(page.querySelectorAll("#buildHistory .dr-evidence-badge, #jenkins-build-history .dr-evidence-badge"))
                .hasSizeGreaterThanOrEqualTo(4);

        HtmlPage trend = wc.getPage(job, "disaster-recovery/");
        assertThat((DomNode) trend.querySelector(".dr-trend-chart svg")).isNotNull();
        assertThat(trend.asNormalizedText()).contains("compliant").contains("#" + last.getNumber());
        assertNoSecretIn(page);
    }

    @Test
    public void manageJenkinsListsTheJobsUsingDrStepsWithTheirScheduleAndVerdicts() throws Exception {
        JenkinsRule.WebClient wc = j.createWebClient();
        assertThat(wc.goTo("manage/").asNormalizedText()).contains("Disaster Recovery");

        HtmlPage dashboard = wc.goTo("manage/disaster-recovery/");

        List<DomNode> rows = dashboard.querySelectorAll("table.dr-dashboard tbody tr");
        assertThat(rows).hasSize(1);
        String row = rows.get(0).asNormalizedText();
        assertThat(row).contains("nightly-dr").contains(CRON).contains("SUCCESS").contains("configuration")
                .contains("compliant");
        assertThat(dashboard.asNormalizedText()).doesNotContain("unrelated");
        assertNoSecretIn(dashboard);
    }

    private static void assertNoSecretIn(HtmlPage page) {
        String html = page.getWebResponse().getContentAsString();
        for (String secret : plan.secrets()) {
            assertThat(html).doesNotContain(secret);
        }
    }
}
