package io.jenkins.plugins.dr.sharedlibrary;

import static io.jenkins.plugins.dr.sharedlibrary.Canned.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.Test;

public class DrComplianceGateTest extends PipelineTestCase {

    @Test
    public void gatesOnViolatedByDefaultAndReturnsTheComplianceMap() {
        Object result = runVar("drComplianceGate", map());

        assertThat(onlyCallTo("drCompliance").namedArgs()).containsExactly(Map.entry("failOn", "VIOLATED"));
        assertThat(result).isEqualTo(Canned.compliance("COMPLIANT"));
        assertThat(buildResult()).isEqualTo("SUCCESS");
    }

    @Test
    public void passesAStricterVerdictOnToTheStep() {
        runVar("drComplianceGate", map("failOn", "AT_RISK"));

        assertThat(onlyCallTo("drCompliance").namedArgs()).containsExactly(Map.entry("failOn", "AT_RISK"));
    }

    @Test
    public void refusesAVerdictItCannotGateOnBeforeEvaluating() {
        assertThatThrownBy(() -> runVar("drComplianceGate", map("failOn", "COMPLIANT")))
                .isInstanceOf(StepAbort.class)
                .hasMessage("drComplianceGate: failOn: 'COMPLIANT' is not allowed: use one of VIOLATED, AT_RISK, STALE");
        assertThat(callsTo("drCompliance")).isEmpty();
    }

    @Test
    public void aFailedGateIsNotifiedByMailAndRethrown() {
        failing("drCompliance", "drCompliance: database VIOLATED (at VIOLATED or worse, failOn: 'VIOLATED')");

        assertThatThrownBy(() -> runVar("drComplianceGate", map("notify", "oncall@example.com")))
                .isInstanceOf(StepAbort.class).hasMessageContaining("database VIOLATED");

        Map<String, Object> mail = onlyCallTo("mail").namedArgs();
        assertThat(mail.get("to")).hasToString("oncall@example.com");
        assertThat(mail.get("subject")).hasToString("DR compliance gate failed (failOn VIOLATED)");
        assertThat(String.valueOf(mail.get("body"))).contains("database VIOLATED");
    }
}
