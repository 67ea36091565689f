package io.jenkins.plugins.dr.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import org.drjenkins.engine.compliance.Verdict;
import org.drjenkins.engine.report.Badge;
import org.junit.Test;

/** Measured figures → verdict, badge colour and tooltip, by the engine's rules and formats. */
public class EvidenceBadgeTest {
    private static final double RPO_TARGET = 300;
    private static final double RTO_TARGET = 900;

    private static Evidence verify(boolean passed, Double rpo, Double rto) {
        return Evidence.measured("database", EvidenceKind.VERIFY, passed, "20260125T021500Z-3f9a", rpo, RPO_TARGET,
                rto, RTO_TARGET, 0L, "");
    }

    @Test
    public void figuresWellInsideTheirTargetsAreCompliantAndGreen() {
        Evidence evidence = verify(true, 192.0, 520.0);

        assertThat(evidence.verdict()).isEqualTo(Verdict.COMPLIANT);
        assertThat(evidence.colour()).isEqualTo(Badge.colour(Verdict.COMPLIANT)).isEqualTo("#2e7d32");
        assertThat(evidence.tooltip()).isEqualTo("RPO 3m12s / 5m · RTO 8m40s / 15m");
        assertThat(evidence.targetMissed()).isFalse();
    }

    @Test
    public void aFigureWithinTwentyPercentOfItsTargetIsAtRiskAndAmber() {
        Evidence evidence = verify(true, 250.0, 100.0);

        assertThat(evidence.verdict()).isEqualTo(Verdict.AT_RISK);
        assertThat(evidence.colour()).isEqualTo("#f9a825");
        assertThat(evidence.targetMissed()).isFalse();
    }

    @Test
    public void aFigurePastItsTargetIsViolatedRedAndAMissedTarget() {
        Evidence evidence = verify(true, 60.0, 1200.0);

        assertThat(evidence.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(evidence.colour()).isEqualTo("#c62828");
        assertThat(evidence.targetMissed()).isTrue();
        assertThat(evidence.tooltip()).isEqualTo("RPO 1m / 5m · RTO 20m / 15m");
    }

    @Test
    public void aFailedOperationIsViolatedButNotAMissedTargetBecauseTheStepFailsInstead() {
        Evidence evidence = verify(false, 60.0, 100.0);

        assertThat(evidence.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(evidence.targetMissed()).isFalse();
    }

    @Test
    public void onlyMeasuredFiguresAreJudgedAndNothingMeasuredIsNoEvidence() {
        Evidence backup = Evidence.measured("database", EvidenceKind.BACKUP, true, "id", 12.0, RPO_TARGET, null,
                RTO_TARGET, 0L, "");

        assertThat(backup.verdict()).isEqualTo(Verdict.COMPLIANT);
        assertThat(backup.tooltip()).isEqualTo("RPO 12s / 5m · RTO n/a / 15m");
        assertThat(verify(true, null, null).verdict()).isEqualTo(Verdict.NO_EVIDENCE);
        assertThat(verify(true, null, null).colour()).isEqualTo("#757575");
    }

    @Test
    public void aZeroTargetIsMissedByAnyLoss() {
        Evidence evidence = Evidence.measured("configuration", EvidenceKind.VERIFY, true, "id", 0.5, 0, 10.0, 300,
                0L, "");

        assertThat(evidence.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(evidence.tooltip()).startsWith("RPO 500ms / 0s");
    }

    @Test
    public void theRiskMarginIsTheEngines() {
        assertThat(Verdicts.judge(true, 240.0, 300, null, 0)).as("exactly 80 %").isEqualTo(Verdict.COMPLIANT);
        assertThat(Verdicts.judge(true, 240.1, 300, null, 0)).isEqualTo(Verdict.AT_RISK);
        assertThat(Verdicts.judge(true, 300.0, 300, null, 0)).as("at the target").isEqualTo(Verdict.AT_RISK);
    }
}
