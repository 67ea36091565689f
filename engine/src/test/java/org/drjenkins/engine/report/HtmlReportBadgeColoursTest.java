package org.drjenkins.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drjenkins.engine.compliance.ComplianceReport;
import org.drjenkins.engine.compliance.ComponentCompliance;
import org.drjenkins.engine.compliance.Verdict;
import org.drjenkins.engine.config.Targets;
import org.junit.Test;

public class HtmlReportBadgeColoursTest {

    private static final Targets TARGETS = new Targets(Duration.ofMinutes(5), Duration.ofMinutes(1));

    @Test
    public void anRtoInsideItsTargetStaysGreenWhenTheRpoIsViolated() {
        String html = render(component(Optional.of(3600.0), Optional.of(0.086), Verdict.VIOLATED));

        assertThat(fill(html, "verdict")).isEqualTo(Badge.colour(Verdict.VIOLATED));
        assertThat(fill(html, "RPO")).isEqualTo(Badge.colour(Verdict.VIOLATED));
        assertThat(fill(html, "RTO")).isEqualTo(Badge.colour(Verdict.COMPLIANT));
    }

    @Test
    public void eachFigureIsJudgedAgainstItsOwnTarget() {
        // RPO 55 s of 60 s is within 20% of its target; RTO 10 min of 5 min is past it.
        String html = render(component(Optional.of(55.0), Optional.of(600.0), Verdict.VIOLATED));

        assertThat(fill(html, "RPO")).isEqualTo(Badge.colour(Verdict.AT_RISK));
        assertThat(fill(html, "RTO")).isEqualTo(Badge.colour(Verdict.VIOLATED));
    }

    @Test
    public void aFigureNeverMeasuredIsGreyWhileTheOtherKeepsItsColour() {
        String html = render(component(Optional.of(10.0), Optional.empty(), Verdict.NO_EVIDENCE));

        assertThat(fill(html, "RPO")).isEqualTo(Badge.colour(Verdict.COMPLIANT));
        assertThat(fill(html, "RTO")).isEqualTo(Badge.colour(Verdict.NO_EVIDENCE));
        assertThat(fill(html, "verdict")).isEqualTo(Badge.colour(Verdict.NO_EVIDENCE));
    }

    private static ComponentCompliance component(Optional<Double> rpo, Optional<Double> rto, Verdict verdict) {
        return new ComponentCompliance("database", TARGETS, rpo, "verified backup 20260125T021500Z-3f9a", Optional.empty(), rto,
                Optional.empty(), Optional.empty(), verdict, List.of("test"));
    }

    private static String render(ComponentCompliance c) {
        return new HtmlReport("t").compliance(new ComplianceReport(Instant.parse("2026-01-25T03:00:00Z"), List.of(c))).render();
    }

    /** The value half's fill of the badge labelled {@code label}. */
    private static String fill(String html, String label) {
        Matcher m = Pattern.compile("<svg [^>]*aria-label=\"" + Pattern.quote(label) + ":.*?<rect x=\"\\d+\" width=\"\\d+\" height=\"20\" fill=\"(#[0-9a-f]{6})\"")
                .matcher(html);
        assertThat(m.find()).as("badge " + label + " in " + html).isTrue();
        return m.group(1);
    }
}
