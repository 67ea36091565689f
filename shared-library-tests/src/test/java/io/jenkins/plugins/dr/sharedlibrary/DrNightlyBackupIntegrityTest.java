package io.jenkins.plugins.dr.sharedlibrary;

import static io.jenkins.plugins.dr.sharedlibrary.Canned.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.Test;

/**
 * drNightlyBackup's integrity mode judged as drVerifyRestore really answers it (seen in a real Jenkins): an
 * integrity-only check measures no RTO and is never {@code compliant}, so the library judges its RPO alone.
 */
public class DrNightlyBackupIntegrityTest extends PipelineTestCase {

    private static Map<String, Object> integrityCheck(int rpoSeconds) {
        Map<String, Object> verification = Canned.verification("configuration", "20260115T020000Z-configuration",
                true, false);
        verification.put("rpoSeconds", rpoSeconds);
        verification.put("rtoSeconds", null);
        return verification;
    }

    @Test
    public void anIntegrityCheckWithinItsRpoTargetIsASuccessAlthoughTheStepNeverCallsItCompliant() {
        when("drVerifyRestore", a -> integrityCheck(60));

        runVar("drNightlyBackup", map("component", "configuration", "verify", "integrity"));

        assertThat(buildResult()).isEqualTo("SUCCESS");
        assertThat(callsTo("echo")).extracting(StepCall::text).singleElement().asString()
                .contains("verified (integrity)");
    }

    @Test
    public void anIntegrityCheckPastItsRpoTargetLeavesTheBuildUnstable() {
        when("drVerifyRestore", a -> integrityCheck(600));

        runVar("drNightlyBackup", map("component", "configuration", "verify", "integrity"));

        assertThat(buildResult()).isEqualTo("UNSTABLE");
        assertThat(callsTo("echo")).extracting(StepCall::text).singleElement().asString()
                .contains("RPO 600s (target 300s)");
    }
}
