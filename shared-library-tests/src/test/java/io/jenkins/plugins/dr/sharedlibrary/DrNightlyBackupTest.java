package io.jenkins.plugins.dr.sharedlibrary;

import static io.jenkins.plugins.dr.sharedlibrary.Canned.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import groovy.lang.Closure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class DrNightlyBackupTest extends PipelineTestCase {

    @Test
    public void backsUpThenRestoresTheNewBackupAndReturnsBothResults() {
        Object result = runVar("drNightlyBackup", map("component", "database"));

        assertThat(sequenceOf("drBackup", "drVerifyRestore")).containsExactly("drBackup", "drVerifyRestore");
        assertThat(onlyCallTo("drBackup").namedArgs()).containsExactly(Map.entry("component", "database"));
        assertThat(onlyCallTo("drVerifyRestore").namedArgs()).containsExactly(
                Map.entry("component", "database"),
                Map.entry("backup", "20260115T020000Z-database"),
                Map.entry("integrityOnly", false));
        assertThat(result).isEqualTo(map(
                "backup", Canned.backup("database"),
                "verification", Canned.verification("database", "20260115T020000Z-database", true, true)));
        assertThat(buildResult()).isEqualTo("SUCCESS");
    }

    @Test
    public void integrityModeAsksForAnIntegrityOnlyVerification() {
        runVar("drNightlyBackup", map("component", "configuration", "verify", "integrity"));

        assertThat(onlyCallTo("drVerifyRestore").namedArgs()).containsEntry("integrityOnly", true)
                .containsEntry("component", "configuration");
    }

    @Test
    public void failedBackupIsNotVerifiedButNotifiedByMailAndRethrown() {
        failing("drBackup", "drBackup: s3://ci-failure-agent-backups-use1 is unreachable");

        assertThatThrownBy(() -> runVar("drNightlyBackup", map("component", "database", "notify", "oncall@example.com")))
                .isInstanceOf(StepAbort.class)
                .hasMessage("drBackup: s3://ci-failure-agent-backups-use1 is unreachable");

        assertThat(callsTo("drVerifyRestore")).isEmpty();
        Map<String, Object> mail = onlyCallTo("mail").namedArgs();
        assertThat(mail.get("to")).hasToString("oncall@example.com");
        assertThat(mail.get("subject")).hasToString("DR nightly backup of database failed at backup");
        assertThat(String.valueOf(mail.get("body")))
                .contains("s3://ci-failure-agent-backups-use1 is unreachable")
                .contains("https://jenkins.example.com/job/dr/job/nightly-backup/7/");
    }

    @Test
    public void failedVerificationCallsTheNotifyClosureWithWhatFailedAndRethrows() {
        failing("drVerifyRestore", "drVerifyRestore: pg_restore exited with 1");
        List<Object> notices = new ArrayList<>();

        assertThatThrownBy(() -> runVar("drNightlyBackup", map("component", "database", "notify", recorder(notices))))
                .isInstanceOf(StepAbort.class)
                .hasMessage("drVerifyRestore: pg_restore exited with 1");

        assertThat(notices).hasSize(1);
        assertThat(asMap(notices.get(0)))
                .containsEntry("component", "database")
                .containsEntry("failedAt", "verification")
                .containsEntry("backupId", "20260115T020000Z-database")
                .containsEntry("message", "drVerifyRestore: pg_restore exited with 1");
        assertThat(callsTo("mail")).isEmpty();
    }

    @Test
    public void withoutNotifyTheFailureIsOnlyEchoed() {
        failing("drBackup", "drBackup: no such component 'datbase'");

        assertThatThrownBy(() -> runVar("drNightlyBackup", map("component", "datbase"))).isInstanceOf(StepAbort.class);

        assertThat(callsTo("mail")).isEmpty();
        assertThat(callsTo("echo")).extracting(StepCall::text)
                .containsExactly("DR nightly backup of datbase failed at backup: drBackup: no such component 'datbase'");
    }

    @Test
    public void verificationThatReportsNotVerifiedFailsNotifiesAndNamesTheFailures() {
        when("drVerifyRestore", a -> Canned.verification("database", "20260115T020000Z-database", false, false));

        assertThatThrownBy(() -> runVar("drNightlyBackup", map("component", "database", "notify", "oncall@example.com")))
                .isInstanceOf(StepAbort.class)
                .hasMessageContaining("backup 20260115T020000Z-database of database failed verification")
                .hasMessageContaining("sha256 mismatch in dump.zst.age");

        assertThat(onlyCallTo("mail").namedArgs().get("subject")).hasToString("DR nightly backup of database failed at verification");
    }

    @Test
    public void verifiedButNonCompliantBackupMarksTheBuildUnstableAndStillReturns() {
        when("drVerifyRestore", a -> Canned.verification("database", "20260115T020000Z-database", true, false));

        Object result = runVar("drNightlyBackup", map("component", "database", "notify", "oncall@example.com"));

        assertThat(buildResult()).isEqualTo("UNSTABLE");
        assertThat(((Map<?, ?>) result).get("verification")).isEqualTo(
                Canned.verification("database", "20260115T020000Z-database", true, false));
        assertThat(callsTo("mail")).isEmpty();
        assertThat(callsTo("echo")).extracting(StepCall::text).singleElement().asString()
                .contains("RTO 1200s (target 900s)");
    }

    @Test
    public void missingComponentIsAnErrorBeforeAnyBackup() {
        assertThatThrownBy(() -> runVar("drNightlyBackup", map("verify", "restore")))
                .isInstanceOf(StepAbort.class)
                .hasMessageContaining("'component' is required");
        assertThatThrownBy(() -> runVar("drNightlyBackup"))
                .isInstanceOf(StepAbort.class)
                .hasMessageContaining("'component' is required");

        assertThat(callsTo("drBackup")).isEmpty();
    }

    @Test
    public void unknownVerifyValueIsAnErrorNamingTheAllowedValues() {
        assertThatThrownBy(() -> runVar("drNightlyBackup", map("component", "database", "verify", "full")))
                .isInstanceOf(StepAbort.class)
                .hasMessage("drNightlyBackup: verify: 'full' is not allowed: use one of restore, integrity");

        assertThat(callsTo("drBackup")).isEmpty();
    }

    @Test
    public void notifyThatIsNeitherClosureNorAddressIsAnError() {
        assertThatThrownBy(() -> runVar("drNightlyBackup", map("component", "database", "notify", "oncall")))
                .isInstanceOf(StepAbort.class)
                .hasMessageContaining("notify must be a closure or an e-mail address");

        assertThat(callsTo("drBackup")).isEmpty();
    }

    @Test
    public void aFailingNotificationDoesNotHideTheBackupFailure() {
        failing("drBackup", "drBackup: disk full");
        failing("mail", "mail: no SMTP server configured");

        assertThatThrownBy(() -> runVar("drNightlyBackup", map("component", "database", "notify", "oncall@example.com")))
                .isInstanceOf(StepAbort.class)
                .hasMessage("drBackup: disk full");

        assertThat(callsTo("echo")).extracting(StepCall::text).singleElement().asString()
                .contains("could not send the failure notice").contains("drBackup: disk full");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }

    /** A Groovy closure (as a pipeline passes {@code notify: { failure -> ... }}) that keeps what it was called with. */
    private static Closure<Object> recorder(List<Object> calls) {
        return new RecordingClosure(calls);
    }

    /** Groovy finds doCall by reflection: it must be public in a public class. */
    public static final class RecordingClosure extends Closure<Object> {
        private final transient List<Object> calls;

        RecordingClosure(List<Object> calls) {
            super(null);
            this.calls = calls;
        }

        public Object doCall(Object argument) {
            calls.add(argument);
            return null;
        }
    }
}
