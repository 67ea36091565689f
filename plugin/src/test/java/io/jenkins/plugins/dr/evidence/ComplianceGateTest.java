package io.jenkins.plugins.dr.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.drjenkins.engine.compliance.Verdict;
import org.junit.Test;

/** drCompliance's failOn over the engine's order of verdicts: which components it names, and fail or UNSTABLE. */
public class ComplianceGateTest {

    private static Evidence evaluated(String component, Verdict verdict) {
        return new Evidence(component, EvidenceKind.COMPLIANCE, verdict, true, "verified backup b", 1.0, 300, 1.0, 900, 0L,
                "compliance: " + verdict);
    }

    private static final List<Evidence> PLAN = List.of(evaluated("database", Verdict.AT_RISK), evaluated("archive", Verdict.VIOLATED),
            evaluated("configuration", Verdict.COMPLIANT), evaluated("dns", Verdict.STALE));

    @Test
    public void failOnViolatedFailsNamingOnlyTheViolatedComponents() {
        assertThat(ComplianceGate.judge(PLAN, "VIOLATED")).contains(new ComplianceGate(true, "archive VIOLATED"));
    }

    @Test
    public void failOnAtRiskNamesEveryComponentAtRiskOrWorseAndFailsBecauseOneIsViolated() {
        assertThat(ComplianceGate.judge(PLAN, "AT_RISK"))
                .contains(new ComplianceGate(true, "database AT_RISK, archive VIOLATED, dns STALE"));
    }

    @Test
    public void componentsOnlyStaleOrAtRiskMarkTheBuildUnstableInsteadOfFailingIt() {
        List<Evidence> plan = List.of(evaluated("database", Verdict.AT_RISK), evaluated("dns", Verdict.STALE));
        assertThat(ComplianceGate.judge(plan, "STALE")).contains(new ComplianceGate(false, "dns STALE"));
        assertThat(ComplianceGate.judge(plan, "VIOLATED")).isEmpty();
    }
}
