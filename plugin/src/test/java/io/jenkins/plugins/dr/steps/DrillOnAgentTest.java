package io.jenkins.plugins.dr.steps;

import io.jenkins.plugins.dr.testing.Resources;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.FilePath;
import hudson.model.Label;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import io.jenkins.plugins.dr.evidence.DrEvidenceAction;
import io.jenkins.plugins.dr.testing.JenkinsPlan;
import io.jenkins.plugins.dr.testing.LocalStore;
import io.jenkins.plugins.dr.testing.StreamingPair;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * drDrill's database-failover scenario as a pipeline runs it: a real Jenkins and agent, a real PostgreSQL primary and
 * streaming standby whose data directories the agent can reach (the drill stops the primary, detects it, fails over,
 * and rejoins the old primary as a standby), the project's S3 store for the drill's record.
 */
public class DrillOnAgentTest {
    @ClassRule
    public static JenkinsRule j = new JenkinsRule();

    static {
        // The class rule's timeout covers the drill's phases and rollback on a two-core machine other builds share.
        j.timeout = 300;
    }

    private static LocalStore store;
    private static StreamingPair pair;
    private static JenkinsPlan plan;
    private static DumbSlave agent;

    @BeforeClass
    public static void startPairStoreAndAgent() throws Exception {
        store = LocalStore.start("use1", "euw1");
        pair = StreamingPair.start("drill-step");
        plan = new JenkinsPlan(store);
        pair.addRegions(plan, "");
        plan.component("database", "postgres").setUrl(pair.primary().url("postgres").toString());
        plan.target("database", "15m", "5m");
        plan.apply();
        agent = j.createOnlineSlave(Label.get("agent"));
    }

    @AfterClass
    public static void stopPairAndStore() throws Exception {
        Resources.closeAll(pair, store);
    }

    @Test
    public void aDatabaseFailoverDrillPassesWritesItsThreeReportsAndRecordsEvidence() throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class);
        job.setDefinition(new CpsFlowDefinition("node('agent') {\n"
                + "  def d = drDrill scenario: 'database-failover', to: 'eu-west-1', detectionInterval: '200ms',"
                + " detectionThreshold: '2s', budget: '10m', phaseBudget: '4m'\n"
                + "  echo \"passed=${d.passed} outcome=${d.outcome} compliant=${d.compliant} reports=${d.reports}\"\n"
                + "}", true));
        WorkflowRun run = j.assertBuildStatus(Result.SUCCESS, job.scheduleBuild2(0).get(150, TimeUnit.SECONDS));

        String log = j.getLog(run);
        assertThat(log).contains("holding the failover lease of us-east-1, eu-west-1 for drill ")
                .contains("passed=true outcome=PASSED compliant=true")
                .contains("reports=[junit:dr-drill.xml, markdown:dr-drill.md, json:dr-drill.json]")
                .as("the budgets reached the engine").contains("within 10m, each phase within 4m");
        FilePath workspace = agent.getWorkspaceFor(job);

        Document junit = parse(workspace.child("dr-drill.xml").readToString());
        Element suite = junit.getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        assertThat(suite.getAttribute("failures")).isEqualTo("0");
        assertThat(testCases(junit)).containsExactly("01 steady-state", "02 fault", "03 detection", "04 failover",
                "05 steady-state-after", "06 rollback", "targets database");
        assertThat(junit.getElementsByTagName("failure").getLength()).isZero();

        JsonNode json = new ObjectMapper().readTree(workspace.child("dr-drill.json").readToString());
        assertThat(json.path("scenario").asText()).isEqualTo("database-failover");
        assertThat(json.path("passed").asBoolean()).isTrue();
        assertThat(json.path("detection").asText()).contains("shortened for the drill");
        assertThat(json.path("failovers").get(0).path("to").asText()).isEqualTo("eu-west-1");
        assertThat(workspace.child("dr-drill.md").readToString()).contains("database-failover").contains("PASSED");

        DrEvidenceAction evidence = run.getAction(DrEvidenceAction.class);
        assertThat(evidence).isNotNull();
        assertThat(evidence.getComponent()).isEqualTo("database");
        assertThat(evidence.getKind()).isEqualTo("drill");
        assertThat(evidence.isPassed()).isTrue();
        assertThat(evidence.getRtoSeconds()).isGreaterThanOrEqualTo(2.0);
        assertThat(evidence.getRpoSeconds()).isNotNull();
        assertThat(FailoverOnAgentTest.leasesIn(store)).as("the drill released the lease in every bucket").isEmpty();
        assertThat(StreamingPair.writable(pair.standby())).as("the drilled standby is the primary now").isTrue();
        assertThat(StreamingPair.inRecovery(pair.primary())).as("the old primary rejoined as its standby").isTrue();
        for (String secret : plan.secrets()) {
            assertThat(log).doesNotContain(secret);
        }
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> testCases(Document junit) {
        NodeList cases = junit.getElementsByTagName("testcase");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            names.add(((Element) cases.item(i)).getAttribute("name"));
        }
        return names;
    }
}
