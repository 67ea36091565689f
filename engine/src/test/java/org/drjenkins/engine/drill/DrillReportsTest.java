package org.drjenkins.engine.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.drjenkins.engine.failover.EvidenceJson;
import org.junit.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The three renderings of a drill report, for an aborted drill whose details hold characters that need escaping. */
public class DrillReportsTest {

    private static final Instant T = Instant.parse("2026-04-01T02:00:00Z");

    private static DrillReport aborted() {
        return new DrillReport("20260401T020000Z-region-failover", Scenario.REGION_FAILOVER, DrillOutcome.ABORTED, T,
                T.plusSeconds(95), List.of(
                new PhaseResult("steady-state", "region us-east-1", PhaseStatus.PASSED, T, 0.4, "ok <all> & \"well\""),
                new PhaseResult("detection", "region us-east-1", PhaseStatus.ABORTED, T.plusSeconds(1), 60,
                        "aborted after 1m | budget"),
                new PhaseResult("failover", "region us-east-1", PhaseStatus.SKIPPED, T.plusSeconds(61), 0, "not run"),
                new PhaseResult("rollback", "region us-east-1", PhaseStatus.PASSED, T.plusSeconds(61), 3.2, "restarted")),
                List.of(new ComponentResult("database", null, 900, null, 300, true, "the failover did not complete"),
                        new ComponentResult("dns", 0.2, 60, null, 0, false, "update to answer")),
                "every check every 100ms", List.of(), List.of("time budget: 1m"));
    }

    @Test
    public void overallFiguresComeFromTheComponentsAndAMissingMeasureIsNotCompliant() {
        DrillReport report = aborted();

        assertThat(report.rtoSeconds()).isEqualTo(0.2);
        assertThat(report.rpoSeconds()).isNull();
        assertThat(report.compliant()).isFalse();
        assertThat(report.components().get(1).compliant()).isTrue();
        assertThat(report.exitCode()).isEqualTo(1);
    }

    @Test
    public void jsonKeepsNullsSoNotMeasuredIsVisible() {
        String json = EvidenceJson.text(aborted().toJson());

        assertThat(json).contains("\"rpoSeconds\" : null", "\"outcome\" : \"ABORTED\"", "\"passed\" : false");
    }

    @Test
    public void junitXmlHasATestCasePerPhaseAndComponentWithAbortedAsFailure() throws Exception {
        Element suite = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(DrillJunit.render(aborted()).getBytes(StandardCharsets.UTF_8)))
                .getDocumentElement();

        assertThat(suite.getAttribute("tests")).isEqualTo("6");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        NodeList cases = suite.getElementsByTagName("testcase");
        assertThat(((Element) cases.item(0)).getAttribute("name")).isEqualTo("01 steady-state");
        assertThat(cases.item(0).getTextContent()).isEqualTo("ok <all> & \"well\"");
        Element failure = (Element) ((Element) cases.item(1)).getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("type")).isEqualTo("ABORTED");
        assertThat(((Element) cases.item(4)).getAttribute("name")).isEqualTo("targets database");
        assertThat(((Element) cases.item(4)).getElementsByTagName("failure").getLength()).isEqualTo(1);
    }

    @Test
    public void markdownShowsTheVerdictTheObjectivesAndEscapesTableCells() {
        String md = DrillMarkdown.render(aborted());

        assertThat(md).startsWith("# DR drill region-failover: ABORTED")
                .contains("| database | n/a | 15m | n/a | 5m | **not compliant** |")
                .contains("| dns | 200ms | 1m | n/a | 0s | compliant |")
                .contains("aborted after 1m \\| budget")
                .contains("| 2 | detection | region us-east-1 | **aborted** |");
    }
}
