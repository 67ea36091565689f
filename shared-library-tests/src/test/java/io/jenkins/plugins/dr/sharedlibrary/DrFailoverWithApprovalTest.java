package io.jenkins.plugins.dr.sharedlibrary;

import static io.jenkins.plugins.dr.sharedlibrary.Canned.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.Test;

public class DrFailoverWithApprovalTest extends PipelineTestCase {

    @Test
    public void dryRunThenApprovalThenConfirmedFailoverInThatOrder() {
        Object result = runVar("drFailoverWithApproval", map("to", "eu-west-1"));

        assertThat(calls).extracting(StepCall::step).filteredOn(s -> !s.equals("echo"))
                .containsExactly("drFailover", "input", "timeout", "drIncident", "drFailover");
        assertThat(callsTo("drFailover").get(0).namedArgs())
                .containsExactly(Map.entry("to", "eu-west-1"), Map.entry("dryRun", true));
        assertThat(callsTo("drFailover").get(1).namedArgs())
                .containsExactly(Map.entry("to", "eu-west-1"), Map.entry("confirm", true), Map.entry("force", false));
        assertThat(result).isEqualTo(Canned.failover("eu-west-1", false));
    }

    @Test
    public void approvalShowsThePlanOfTheDryRunWithAFailOverButton() {
        runVar("drFailoverWithApproval", map("to", "eu-west-1"));

        Map<String, Object> input = onlyCallTo("input").namedArgs();
        assertThat(input.get("ok")).isEqualTo("Fail over");
        assertThat(String.valueOf(input.get("message")))
                .startsWith("Fail over from us-east-1 to eu-west-1?")
                .contains("1. promote standby in eu-west-1\n2. switch db.internal to eu-west-1");
        assertThat(input).doesNotContainKey("submitter");
    }

    @Test
    public void submitterIsPassedToTheApproval() {
        runVar("drFailoverWithApproval", map("to", "eu-west-1", "submitter", "dr-approvers"));

        assertThat(onlyCallTo("input").namedArgs()).containsEntry("submitter", "dr-approvers");
    }

    @Test
    public void abortedApprovalNeverFailsOver() {
        failing("input", "Rejected by alice");

        assertThatThrownBy(() -> runVar("drFailoverWithApproval", map("to", "eu-west-1")))
                .isInstanceOf(StepAbort.class).hasMessage("Rejected by alice");

        assertThat(callsTo("drFailover")).singleElement()
                .satisfies(dryRun -> assertThat(dryRun.namedArgs()).containsEntry("dryRun", true));
    }

    @Test
    public void dryRunRefusedByGatesStopsBeforeAnyoneIsAsked() {
        when("drFailover", a -> Canned.failoverDryRun("eu-west-1", true));

        assertThatThrownBy(() -> runVar("drFailoverWithApproval", map("to", "eu-west-1")))
                .isInstanceOf(StepAbort.class)
                .hasMessageContaining("the failover to eu-west-1 is refused by its gates; nothing was changed")
                .hasMessageContaining("pass force: true");

        assertThat(callsTo("input")).isEmpty();
        assertThat(callsTo("drFailover")).hasSize(1);
    }

    @Test
    public void failingDryRunStopsBeforeAnyoneIsAsked() {
        failing("drFailover", "drFailover: standby in eu-west-1 is 40 minutes behind (RPO 5m)");

        assertThatThrownBy(() -> runVar("drFailoverWithApproval", map("to", "eu-west-1")))
                .isInstanceOf(StepAbort.class)
                .hasMessage("drFailover: standby in eu-west-1 is 40 minutes behind (RPO 5m)");

        assertThat(callsTo("input")).isEmpty();
        assertThat(callsTo("drFailover")).hasSize(1);
    }

    @Test
    public void forceAsksWithAWarningWhenGatesRefuseAndPassesForceToTheFailover() {
        when("drFailover", a -> Boolean.TRUE.equals(named(a).get("dryRun"))
                ? Canned.failoverDryRun("eu-west-1", true)
                : Canned.failover("eu-west-1", true));

        Object result = runVar("drFailoverWithApproval", map("to", "eu-west-1", "force", true));

        assertThat(String.valueOf(onlyCallTo("input").namedArgs().get("message")))
                .contains("GATES REFUSE THIS FAILOVER");
        assertThat(callsTo("drFailover").get(1).namedArgs()).containsEntry("force", true).containsEntry("confirm", true);
        assertThat(result).isEqualTo(Canned.failover("eu-west-1", true));
    }

    @Test
    public void missingTargetIsAnErrorBeforeAnything() {
        assertThatThrownBy(() -> runVar("drFailoverWithApproval", map("submitter", "dr-approvers")))
                .isInstanceOf(StepAbort.class)
                .hasMessageContaining("'to' is required");

        assertThat(callsTo("drFailover")).isEmpty();
    }

    @Test
    public void theApproverAcknowledgesTheOutagesOpenIncidentsBeforeTheFailoverAndTheAckRecordsWho() {
        when("input", a -> "alice");
        when("drIncident", a -> "status".equals(named(a).get("action"))
                ? map("incidents", List.of(
                        Canned.incident("INC-20260106T143000Z-ab12", "primaryUnreachable", null),
                        Canned.incident("INC-20260106T120000Z-cd34", "backupFailed", null),
                        Canned.incident("INC-20260106T110000Z-ef56", "failoverStarted", "bob"),
                        drill(Canned.incident("INC-20260106T100000Z-0a0b", "primaryUnreachable", null))))
                : Canned.incident((String) named(a).get("id"), "primaryUnreachable", (String) named(a).get("by")));

        runVar("drFailoverWithApproval", map("to", "eu-west-1"));

        assertThat(onlyCallTo("input").namedArgs()).containsEntry("submitterParameter", "approver");
        assertThat(sequenceOf("drFailover", "input", "drIncident")).containsExactly("drFailover", "input", "drIncident", "drIncident",
                "drFailover");
        assertThat(callsTo("drIncident").get(0).namedArgs()).containsExactly(Map.entry("action", "status"));
        assertThat(callsTo("drIncident").get(1).namedArgs()).as("only the outage's open, unacknowledged, real incident")
                .containsExactly(Map.entry("action", "ack"), Map.entry("id", "INC-20260106T143000Z-ab12"), Map.entry("by", "alice"));
        assertThat(calls).filteredOn(c -> c.step().equals("echo")).extracting(c -> String.valueOf(c.args().get(0)))
                .contains("drFailoverWithApproval: incident INC-20260106T143000Z-ab12 acknowledged by alice");
    }

    @Test
    public void aNamedIncidentIsAcknowledgedWithoutListingAndAcknowledgeFalseLeavesIncidentsAlone() {
        when("input", a -> "carol");

        runVar("drFailoverWithApproval", map("to", "eu-west-1", "incident", "INC-20260106T143000Z-ab12"));
        assertThat(onlyCallTo("drIncident").namedArgs())
                .containsExactly(Map.entry("action", "ack"), Map.entry("id", "INC-20260106T143000Z-ab12"), Map.entry("by", "carol"));

        calls.clear();
        runVar("drFailoverWithApproval", map("to", "eu-west-1", "acknowledge", false));
        assertThat(callsTo("drIncident")).isEmpty();
        assertThat(callsTo("drFailover")).hasSize(2);
    }

    @Test
    public void anAcknowledgementThatFailsNeverStopsTheApprovedFailover() {
        failing("drIncident", "drIncident: cannot reach the bucket of us-east-1");

        Object result = runVar("drFailoverWithApproval", map("to", "eu-west-1"));

        assertThat(result).isEqualTo(Canned.failover("eu-west-1", false));
        assertThat(callsTo("drFailover").get(1).namedArgs()).containsEntry("confirm", true);
        assertThat(calls).filteredOn(c -> c.step().equals("echo")).extracting(c -> String.valueOf(c.args().get(0)))
                .anySatisfy(line -> assertThat(line).startsWith("drFailoverWithApproval: could not acknowledge the incident (the failover goes on)")
                        .contains("cannot reach the bucket"));
    }

    @Test
    public void anAbortedApprovalAcknowledgesNothing() {
        failing("input", "Rejected by alice");

        assertThatThrownBy(() -> runVar("drFailoverWithApproval", map("to", "eu-west-1"))).isInstanceOf(StepAbort.class);

        assertThat(callsTo("drIncident")).isEmpty();
    }

    private static Map<String, Object> drill(Map<String, Object> incident) {
        incident.put("drill", true);
        return incident;
    }
}
