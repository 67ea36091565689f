package org.drjenkins.engine.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.Test;

/** The RPO as a function of time and the one risk margin, at exact instants. */
public class TargetRuleTest {

    private static final Instant RECOVERY_POINT = Instant.parse("2026-01-25T12:00:00Z");
    private static final Duration TARGET = Duration.ofSeconds(20);

    @Test
    public void theRpoOfOneRecoveryPointGrowsFromCompliantToAtRiskToViolatedAsTimePasses() {
        assertThat(TargetRule.rpoNow(RECOVERY_POINT, TARGET, RECOVERY_POINT.plusSeconds(1))).isEqualTo(Verdict.COMPLIANT);
        assertThat(TargetRule.rpoNow(RECOVERY_POINT, TARGET, RECOVERY_POINT.plusSeconds(16))).isEqualTo(Verdict.COMPLIANT);
        assertThat(TargetRule.rpoNow(RECOVERY_POINT, TARGET, RECOVERY_POINT.plusMillis(16_001))).isEqualTo(Verdict.AT_RISK);
        assertThat(TargetRule.rpoNow(RECOVERY_POINT, TARGET, RECOVERY_POINT.plusSeconds(20))).as("at the target").isEqualTo(Verdict.AT_RISK);
        assertThat(TargetRule.rpoNow(RECOVERY_POINT, TARGET, RECOVERY_POINT.plusSeconds(25))).isEqualTo(Verdict.VIOLATED);
        assertThat(TargetRule.rpoSeconds(RECOVERY_POINT, RECOVERY_POINT.plusSeconds(25))).isEqualTo(25.0);
        assertThat(TargetRule.violatedAfter(RECOVERY_POINT, TARGET)).isEqualTo(RECOVERY_POINT.plusSeconds(20));
    }

    @Test
    public void aRecoveryPointAheadOfTheClockCountsAsNoLossRatherThanANegativeRpo() {
        assertThat(TargetRule.rpoSeconds(RECOVERY_POINT, RECOVERY_POINT.minusSeconds(3))).isZero();
    }

    @Test
    public void evidenceGoesStaleWhenItsMaximumAgePassesAndSaysWhen() {
        Duration daily = Freshness.verificationMaxAge(Optional.of(Duration.ofDays(1)), Freshness.DEFAULT_GRACE);
        assertThat(daily).isEqualTo(Duration.ofHours(30));
        assertThat(Freshness.staleSince(RECOVERY_POINT, daily, RECOVERY_POINT.plus(Duration.ofHours(29)))).isEmpty();
        assertThat(Freshness.staleSince(RECOVERY_POINT, daily, RECOVERY_POINT.plus(Duration.ofHours(31))))
                .contains(RECOVERY_POINT.plus(Duration.ofHours(30)));
        assertThat(Freshness.verificationMaxAge(Optional.empty(), Freshness.DEFAULT_GRACE)).isEqualTo(Duration.ofDays(7));
    }

    @Test
    public void staleRanksBetweenAtRiskAndMissingEvidence() {
        assertThat(Verdict.COMPLIANT.worse(Verdict.STALE)).isEqualTo(Verdict.STALE);
        assertThat(Verdict.STALE.worse(Verdict.AT_RISK)).isEqualTo(Verdict.STALE);
        assertThat(Verdict.STALE.worse(Verdict.NO_EVIDENCE)).isEqualTo(Verdict.NO_EVIDENCE);
        assertThat(Verdict.STALE.worse(Verdict.VIOLATED)).isEqualTo(Verdict.VIOLATED);
    }
}
