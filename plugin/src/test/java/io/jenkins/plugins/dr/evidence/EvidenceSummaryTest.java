package io.jenkins.plugins.dr.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.drjenkins.engine.compliance.Verdict;
import org.junit.Test;

/** What the job page and the dashboard say from the recent builds' evidence. */
public class EvidenceSummaryTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static Evidence evidence(String component, EvidenceKind kind, boolean passed, double rpo, Double rto,
            Duration ago) {
        return Evidence.measured(component, kind, passed, "id", rpo, 300, rto, 900, NOW.minus(ago).toEpochMilli(), "");
    }

    private static BuildEvidence build(int number, String result, Evidence... evidence) {
        return new BuildEvidence(number, "job/nightly/" + number + "/", result, List.of(evidence));
    }

    private final EvidenceSummary summary = new EvidenceSummary(List.of(
            build(12, null, evidence("database", EvidenceKind.BACKUP, true, 10, null, Duration.ofHours(1))),
            build(11, "UNSTABLE", evidence("database", EvidenceKind.VERIFY, true, 400, 100.0, Duration.ofDays(1)),
                    evidence("configuration", EvidenceKind.VERIFY, false, 10, 10.0, Duration.ofDays(1))),
            build(10, "SUCCESS", evidence("database", EvidenceKind.VERIFY, true, 60, 100.0, Duration.ofDays(2)),
                    evidence("database", EvidenceKind.DRILL, false, 60, 2000.0, Duration.ofDays(40))),
            build(9, "SUCCESS")));

    @Test
    public void theNewestEvidenceOfEachComponentIsItsStatus() {
        List<ComponentStatus> latest = summary.latestPerComponent();

        assertThat(latest).extracting(ComponentStatus::component).containsExactly("database", "configuration");
        assertThat(latest.get(0).build()).isEqualTo(12);
        assertThat(latest.get(0).getKind()).isEqualTo("backup");
        assertThat(latest.get(0).getRpo()).isEqualTo("10s / 5m");
        assertThat(latest.get(0).getRto()).isEqualTo("n/a / 15m");
        assertThat(latest.get(1).verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(summary.overall()).isEqualTo(Verdict.VIOLATED);
    }

    @Test
    public void theTrendListsAComponentsMeasurementsOldestFirst() {
        assertThat(summary.trend("database")).extracting(TrendChart.Point::build).containsExactly(10, 10, 11, 12);
        assertThat(summary.trend("database").get(0).evidence().kind()).as("the drill was measured first")
                .isEqualTo(EvidenceKind.DRILL);
        assertThat(summary.trend("configuration")).hasSize(1);
    }

    @Test
    public void theAuditorsQuestionsAreAnsweredInTimeSince() {
        assertThat(summary.since(summary.lastPassingVerification(), NOW)).isEqualTo("1d ago");
        assertThat(summary.since(summary.lastDrill(), NOW)).isEqualTo("40d ago (failed)");
        assertThat(summary.lastResult()).isEqualTo("running");
        assertThat(summary.isEmpty()).isFalse();
    }

    @Test
    public void withoutEvidenceTheAnswerIsNever() {
        EvidenceSummary none = new EvidenceSummary(List.of(build(3, "SUCCESS"), build(2, "FAILURE")));

        assertThat(none.isEmpty()).isTrue();
        assertThat(none.since(none.lastDrill(), NOW)).isEqualTo("never (in the last 2 builds)");
        assertThat(none.lastResult()).isEqualTo("SUCCESS");
        assertThat(none.overall()).isEqualTo(Verdict.COMPLIANT);
    }
}
