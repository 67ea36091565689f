package io.jenkins.plugins.dr.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The server-side SVG trend: well-formed, one point per measurement, gaps where nothing was measured, targets. */
public class TrendChartTest {

    private static Evidence verify(Double rpo, Double rto, double rpoTarget) {
        return Evidence.measured("database", EvidenceKind.VERIFY, true, "id", rpo, rpoTarget, rto, 900, 0L, "");
    }

    private static Evidence backup(double rpo) {
        return Evidence.measured("database", EvidenceKind.BACKUP, true, "id", rpo, 300, null, 900, 0L, "");
    }

    @Test
    public void everyMeasurementIsAPointColouredByItsVerdictWithItsFiguresInItsTooltip() throws Exception {
        List<TrendChart.Point> points = List.of(new TrendChart.Point(10, verify(100.0, 400.0, 300)),
                new TrendChart.Point(11, verify(280.0, 950.0, 300)));

        Document svg = parse(TrendChart.svg("database", points));

        NodeList rpoPoints = nodes(svg, "//*[local-name()='g'][@class='rpo']/*[local-name()='circle']");
        NodeList rtoPoints = nodes(svg, "//*[local-name()='g'][@class='rto']/*[local-name()='circle']");
        assertThat(rpoPoints.getLength()).isEqualTo(2);
        assertThat(rtoPoints.getLength()).isEqualTo(2);
        assertThat(((Element) rpoPoints.item(0)).getAttribute("fill")).isEqualTo("#2e7d32");
        assertThat(((Element) rpoPoints.item(1)).getAttribute("fill")).as("280s of 300s: at risk").isEqualTo("#f9a825");
        assertThat(((Element) rtoPoints.item(1)).getAttribute("fill")).as("950s of 900s").isEqualTo("#c62828");
        assertThat(rtoPoints.item(1).getTextContent()).isEqualTo("#11 verify: RTO 15m50s / 15m (violated)");
    }

    @Test
    public void aBuildThatMeasuredNoRestoreTimeBreaksTheRtoLineButNotTheRpoLine() throws Exception {
        List<TrendChart.Point> points = List.of(new TrendChart.Point(1, verify(60.0, 300.0, 300)),
                new TrendChart.Point(2, backup(30)), new TrendChart.Point(3, verify(90.0, 320.0, 300)),
                new TrendChart.Point(4, verify(20.0, 310.0, 300)));

        Document svg = parse(TrendChart.svg("database", points));

        assertThat(nodes(svg, "//*[@class='rpo']/*[@class='measured']").getLength()).isEqualTo(1);
        NodeList rtoRuns = nodes(svg, "//*[@class='rto']/*[@class='measured']");
        assertThat(rtoRuns.getLength()).isEqualTo(2);
        assertThat(((Element) rtoRuns.item(0)).getAttribute("points").split(" ")).hasSize(1);
        assertThat(((Element) rtoRuns.item(1)).getAttribute("points").split(" ")).hasSize(2);
        assertThat(nodes(svg, "//*[@class='rto']/*[local-name()='circle']").getLength()).isEqualTo(3);
    }

    @Test
    public void theTargetIsADashedLineAtItsValueThatFollowsAChangedTarget() throws Exception {
        List<TrendChart.Point> points = List.of(new TrendChart.Point(1, verify(60.0, 300.0, 300)),
                new TrendChart.Point(2, verify(60.0, 300.0, 120)));

        Document svg = parse(TrendChart.svg("database", points));

        Element target = (Element) nodes(svg, "//*[@class='rpo']/*[@class='target']").item(0);
        assertThat(target.getAttribute("stroke-dasharray")).isNotEmpty();
        String[] corners = target.getAttribute("points").split(" ");
        assertThat(corners).hasSize(4);
        double first = Double.parseDouble(corners[0].split(",")[1]);
        double second = Double.parseDouble(corners[3].split(",")[1]);
        assertThat(second).as("a lower target sits lower... in SVG, further down").isGreaterThan(first);
        assertThat(first).isEqualTo(TrendChart.y(300, 300 * 1.15, TrendChart.TOP), org.assertj.core.data.Offset.offset(0.1));
        assertThat(svg.getDocumentElement().getTextContent()).contains("target 2m");
    }

    @Test
    public void aMeasurementAboveTheTargetStaysInsideThePanel() throws Exception {
        Document svg = parse(TrendChart.svg("database", List.of(new TrendChart.Point(1, verify(3000.0, 10.0, 300)))));

        Element point = (Element) nodes(svg, "//*[@class='rpo']/*[local-name()='circle']").item(0);
        double y = Double.parseDouble(point.getAttribute("cy"));
        assertThat(y).isBetween((double) TrendChart.TOP, (double) TrendChart.TOP + TrendChart.PANEL_HEIGHT);
    }

    @Test
    public void aComponentNameIsEscaped() throws Exception {
        String svg = TrendChart.svg("<script>alert(1)</script>", List.of(new TrendChart.Point(1, backup(5))));

        assertThat(svg).doesNotContain("<script>");
        assertThat(parse(svg).getDocumentElement().getTextContent()).contains("<script>alert(1)</script>");
    }

    @Test
    public void noMeasurementsSaySo() throws Exception {
        assertThat(parse(TrendChart.svg("database", List.of())).getDocumentElement().getTextContent())
                .contains("no measurements yet");
    }

    @Test
    public void thirtyBuildsGetAtMostElevenBuildLabelsIncludingTheNewest() throws Exception {
        List<TrendChart.Point> points = new ArrayList<>();
        for (int build = 1; build <= 30; build++) {
            points.add(new TrendChart.Point(build, verify(60.0, 300.0, 300)));
        }

        Document svg = parse(TrendChart.svg("database", points));

        NodeList labels = nodes(svg, "//*[@class='rpo']/*[local-name()='text'][starts-with(., '#')]");
        assertThat(labels.getLength()).isBetween(10, 11);
        assertThat(labels.item(labels.getLength() - 1).getTextContent()).isEqualTo("#30");
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(document.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        return document;
    }

    private static NodeList nodes(Document svg, String xpath) throws Exception {
        return (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, svg, XPathConstants.NODESET);
    }
}
