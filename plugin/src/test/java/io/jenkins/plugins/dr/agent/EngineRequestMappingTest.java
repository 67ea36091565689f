package io.jenkins.plugins.dr.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.drjenkins.engine.backup.BackupRequest;
import org.drjenkins.engine.drill.DrillOptions;
import org.drjenkins.engine.drill.Scenario;
import org.drjenkins.engine.failover.FailoverRequest;
import org.drjenkins.engine.restore.RecoveryTarget;
import org.drjenkins.engine.restore.VerifyRequest;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.util.Parameter;
import org.drjenkins.engine.wal.Lsn;
import org.junit.Test;

/** Step arguments → the engine's requests, as the agent builds them. */
public class EngineRequestMappingTest {
    private static final RunConfiguration PLAN = new RunConfiguration("{}", RunConfiguration.GLOBAL, null);
    private static final Path WORKSPACE = Path.of("/var/jenkins/workspace/nightly");

    @Test
    public void backupArgumentsMapOneToOne() {
        assertThat(new BackupTask(PLAN, AgentSecrets.none(), "database", false, false).request())
                .isEqualTo(BackupRequest.of("database"));
        assertThat(new BackupTask(PLAN, AgentSecrets.none(), "database", true, true).request())
                .isEqualTo(new BackupRequest("database", true, true));
    }

    @Test
    public void verifyDefaultsToTheLatestBackupInAnEphemeralClusterInTheAgentsTempDir() throws Exception {
        VerifyRequest request = new VerifyRestoreTask(PLAN, AgentSecrets.none(), "database", null, null, false, false,
                null).request(WORKSPACE);

        assertThat(request).isEqualTo(VerifyRequest.latest("database"));
    }

    @Test
    public void blankOptionalArgumentsCountAsNotGiven() throws Exception {
        VerifyRequest request = new VerifyRestoreTask(PLAN, AgentSecrets.none(), "database", " ", "", false, false,
                "  ").request(WORKSPACE);

        assertThat(request).isEqualTo(VerifyRequest.latest("database"));
    }

    @Test
    public void everyVerifyArgumentReachesTheRequestAndTheWorkDirResolvesInTheWorkspace() throws Exception {
        VerifyRequest request = new VerifyRestoreTask(PLAN, AgentSecrets.none(), "database", "20260125T021500Z-3f9a",
                "postgresql://dr@restore.internal:5432/app", true, true, "dr-tmp").request(WORKSPACE);

        assertThat(request).isEqualTo(new VerifyRequest("database", "20260125T021500Z-3f9a",
                Optional.of("postgresql://dr@restore.internal:5432/app"), true, true,
                Optional.of(WORKSPACE.resolve("dr-tmp"))));
    }

    @Test
    public void anAbsoluteWorkDirIsKept() throws Exception {
        VerifyRequest request = new VerifyRestoreTask(PLAN, AgentSecrets.none(), "database", "latest-verified", null,
                false, false, "/scratch/dr").request(WORKSPACE);

        assertThat(request.workDir()).contains(Path.of("/scratch/dr"));
        assertThat(request.backup()).isEqualTo("latest-verified");
    }

    @Test
    public void engineMessagesSpeakOfStepParametersOnOneLineAndMaskSecrets() {
        SecretMasker masker = new SecretMasker(java.util.List.of("hunter2"));
        InvalidRequestException refused = InvalidRequestException.of(Parameter.TARGET.given("postgresql://db"),
                " with ", Parameter.INTEGRITY_ONLY, ":\n  password hunter2 rejected; set ", Parameter.AGE_IDENTITY);

        assertThat(EngineMessages.failure("drVerifyRestore", refused, masker).getMessage())
                .isEqualTo("drVerifyRestore: target: 'postgresql://db' with integrityOnly: | password **** rejected; set"
                        + " ageIdentityCredentialsId (on the step, or the default age identity in Manage Jenkins > System >"
                        + " Disaster Recovery: a secret text or secret file credential)");
    }

    @Test
    public void anUnexpectedEngineExceptionIsNotTurnedIntoOneLine() {
        IllegalStateException defect = new IllegalStateException("a bug");

        assertThatThrownBy(() -> EngineMessages.failure("drBackup", defect, new SecretMasker(java.util.List.of())))
                .isSameAs(defect);
    }

    @Test
    public void aPointInTimeVerificationMapsToTheEnginesRecoveryTarget() throws Exception {
        VerifyRestoreTask byTime = new VerifyRestoreTask(PLAN, AgentSecrets.none(), "cluster", null, null, false, false,
                null, "2026-01-25T15:03:00+01:00", null);
        VerifyRestoreTask byLsn = new VerifyRestoreTask(PLAN, AgentSecrets.none(), "cluster", null, null, false, false,
                null, " ", "0/3000028");

        assertThat(byTime.request(WORKSPACE)).isEqualTo(VerifyRequest.latest("cluster")
                .withRecoveryTarget(RecoveryTarget.time(Instant.parse("2026-01-25T14:03:00Z"))));
        assertThat(byLsn.request(WORKSPACE).recoveryTarget()).isEqualTo(RecoveryTarget.lsn(Lsn.parse("0/3000028")));
        assertThat(new VerifyRestoreTask(PLAN, AgentSecrets.none(), "cluster", null, null, false, false, null)
                .request(WORKSPACE).recoveryTarget()).isEqualTo(RecoveryTarget.END);
    }

    @Test
    public void aBadRecoveryTargetFailsNamingTheParameter() {
        assertThatThrownBy(() -> new VerifyRestoreTask(PLAN, AgentSecrets.none(), "cluster", null, null, false, false,
                null, "yesterday", null).request(WORKSPACE)).isInstanceOf(StepFailure.class)
                .hasMessageStartingWith("drVerifyRestore: toTime: 'yesterday' is not an ISO-8601 time");
        assertThatThrownBy(() -> new VerifyRestoreTask(PLAN, AgentSecrets.none(), "cluster", null, null, false, false,
                null, null, "3000028").request(WORKSPACE)).isInstanceOf(StepFailure.class)
                .hasMessageStartingWith("drVerifyRestore: toLsn: '3000028' is not a WAL position");
        assertThatThrownBy(() -> new VerifyRestoreTask(PLAN, AgentSecrets.none(), "cluster", null, null, false, false,
                null, "2026-01-25T14:03:00Z", "0/3000028").request(WORKSPACE)).isInstanceOf(StepFailure.class)
                .hasMessageContaining("toTime and toLsn");
    }

    @Test
    public void failoverArgumentsMapToTheEnginesRequestFromTheCurrentPrimary() {
        assertThat(new FailoverTask(PLAN, AgentSecrets.none(), "eu-west-1", true, false).request())
                .isEqualTo(FailoverRequest.to("eu-west-1").asDryRun(true));
        assertThat(new FailoverTask(PLAN, AgentSecrets.none(), "eu-west-1", false, true).request())
                .isEqualTo(FailoverRequest.to("eu-west-1").forced(true));
    }

    @Test
    public void aDrillScenarioMapsToTheEnginesOptions() throws Exception {
        assertThat(new DrillTask(PLAN, AgentSecrets.none(), "region-failover", null, null, null).options())
                .isEqualTo(DrillOptions.of(Scenario.REGION_FAILOVER));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DrillTask(PLAN, AgentSecrets.none(), "chaos",
                null, null, null).options()).isInstanceOf(StepFailure.class)
                .hasMessageStartingWith("drDrill: scenario: 'chaos' is not a drill scenario; use one of backup-restore");
    }

    @Test
    public void drillSettingsBecomeSwitchBackAndShortenedDetection() throws Exception {
        DrillOptions options = new DrillTask(PLAN, AgentSecrets.none(), "database-failover", null, null, null)
                .withDrillSettings(true, "1s", "10s").options();

        assertThat(options.switchBack()).isTrue();
        assertThat(options.interval()).contains(java.time.Duration.ofSeconds(1));
        assertThat(options.threshold()).contains(java.time.Duration.ofSeconds(10));
    }

    @Test
    public void detectionNeedsBothDurationsAndEachMustParse() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DrillTask(PLAN, AgentSecrets.none(), "database-failover", null, null,
                null).withDrillSettings(false, "1s", null).options()).isInstanceOf(StepFailure.class).hasMessageContaining("go together");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DrillTask(PLAN, AgentSecrets.none(), "database-failover", null, null,
                null).withDrillSettings(false, "1s", "soon").options()).isInstanceOf(StepFailure.class).hasMessageContaining("detectionThreshold");
    }
}
