package io.jenkins.plugins.dr.steps;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.Test;

/** The checks a step makes before anything runs, each failing with one line that says what to write. */
public class StepArgumentsTest {

    @Test
    public void aComponentIsRequired() {
        assertThat(StepArguments.component("drBackup", " ")).contains(
                "drBackup: 'component' is required: name a component of the plan, e.g. drBackup(component: 'database')");
        assertThat(StepArguments.component("drBackup", "database")).isEmpty();
    }

    @Test
    public void aRealFailoverNeedsConfirmAndPointsAtTheApprovalPattern() {
        assertThat(StepArguments.failover("eu-west-1", false, false)).hasValueSatisfying(message -> assertThat(message)
                .startsWith("drFailover: failing over to eu-west-1 promotes its standby and switches DNS, so it needs"
                        + " confirm: true")
                .contains("drFailover(to: 'eu-west-1', dryRun: true)").contains("input step")
                .contains("drFailoverWithApproval"));
        assertThat(StepArguments.failover("eu-west-1", false, true)).isEmpty();
        assertThat(StepArguments.failover("eu-west-1", true, false)).as("a dry run changes nothing").isEmpty();
    }

    @Test
    public void aFailoverNeedsATarget() {
        assertThat(StepArguments.failover(null, true, false)).hasValueSatisfying(message -> assertThat(message)
                .startsWith("drFailover: 'to' is required"));
    }

    @Test
    public void aRestoreWritesOnlyWithConfirmAndTheDiffIsItsDryRun() {
        assertThat(StepArguments.restore(null, false, null, null, false, false, false)).hasValueSatisfying(m -> assertThat(m)
                .startsWith("drRestore: confirm: true is required").contains("diff: true"));
        assertThat(StepArguments.restore(null, false, null, null, false, false, true)).isEmpty();
        assertThat(StepArguments.restore(null, false, null, null, false, true, false)).as("diff writes nothing").isEmpty();
    }

    @Test
    public void aRestoreTakesOneBackupChoiceAndOneRecoveryTarget() {
        assertThat(StepArguments.restore("20260101T000000Z-abcd", true, null, null, false, false, true))
                .contains("drRestore: backup: and latestVerified: both given; choose one");
        assertThat(StepArguments.restore(null, false, "2026-01-25T14:03:00Z", null, true, false, true))
                .contains("drRestore: latest: with toTime: or toLsn:; give one recovery target");
    }

    @Test
    public void aDrillNeedsAKnownScenario() {
        assertThat(StepArguments.drill("chaos-monkey", null, null, null)).contains("drDrill: scenario: 'chaos-monkey'"
                + " is not a drill scenario; use one of backup-restore, database-failover, region-failover,"
                + " communication, end-to-end");
        assertThat(StepArguments.drill(null, null, null, null)).hasValueSatisfying(m -> assertThat(m)
                .startsWith("drDrill: scenario: is required"));
        assertThat(StepArguments.drill("end-to-end", "reports/drill.xml", "drill.md", "drill.json")).isEmpty();
    }

    @Test
    public void drillReportsStayInTheWorkspace() {
        assertThat(StepArguments.drill("communication", "/tmp/x.xml", null, null)).contains(
                "drDrill: junit: '/tmp/x.xml' leaves the workspace; name a file in it, e.g. dr-drill.xml");
        assertThat(StepArguments.drill("communication", null, "../up.md", null)).hasValueSatisfying(m -> assertThat(m)
                .startsWith("drDrill: markdown: '../up.md' leaves the workspace"));
    }

    @Test
    public void theStepsDrillScenariosAreTheSharedLibrarysAndTheFailingOverOnesAreAmongThem() {
        assertThat(StepArguments.DRILL_SCENARIOS).containsAll(StepArguments.FAILING_OVER_SCENARIOS)
                .doesNotContainAnyElementsOf(java.util.List.of("", "failover"));
    }

    @Test
    public void aPointInTimeVerificationTakesATimeOrAPositionNotBoth() {
        assertThat(StepArguments.recoveryTarget("drVerifyRestore", "2026-01-25T14:03:00Z", null)).isEmpty();
        assertThat(StepArguments.recoveryTarget("drVerifyRestore", null, "16/B374D848")).isEmpty();
        assertThat(StepArguments.recoveryTarget("drVerifyRestore", " ", "")).isEmpty();
        assertThat(StepArguments.recoveryTarget("drVerifyRestore", "2026-01-25T14:03:00Z", "0/3000028")).contains(
                "drVerifyRestore: toTime: and toLsn: both given; a restore stops at a time or at a WAL position: give"
                        + " one of them");
    }

    @Test
    public void aBadTimeOrPositionNamesTheParameterAndTheFormat() {
        assertThat(StepArguments.recoveryTarget("drVerifyRestore", "2026-01-25T14:03:00", null)).contains(
                "drVerifyRestore: toTime: '2026-01-25T14:03:00' is not an ISO-8601 time with an offset; write e.g."
                        + " 2026-01-25T14:03:00Z or 2026-01-25T15:03:00+01:00");
        assertThat(StepArguments.recoveryTarget("drVerifyRestore", null, "3000028")).hasValueSatisfying(m -> assertThat(m)
                .startsWith("drVerifyRestore: toLsn: '3000028' is not a WAL position").contains("0/3000028"));
    }
}
