package io.jenkins.plugins.dr.sharedlibrary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.List;
import org.junit.Before;
import org.junit.Test;

/**
 * The declarative examples of docs/examples/, with the repository as their shared library, run through the test's
 * small Declarative Pipeline (see DeclarativePipeline).
 */
public class DeclarativeExamplesTest extends PipelineTestCase {

    private DeclarativePipeline pipeline;

    @Before
    public void declarative() {
        pipeline = DeclarativePipeline.install(this, params);
    }

    @Test
    public void nightlyBackupRunsAt2AndBacksUpDatabaseWithRestoreAndConfigurationWithIntegrity() {
        runScript("docs/examples/nightly-backup.Jenkinsfile");

        assertThat(onlyCallTo("cron").text()).isEqualTo("H 2 * * *");
        assertThat(pipeline.stagesRun).containsExactly("Database", "Configuration", "Compliance");
        assertThat(callsTo("drBackup")).extracting(c -> c.namedArgs().get("component"))
                .containsExactly("database", "configuration");
        assertThat(callsTo("drVerifyRestore")).extracting(c -> c.namedArgs().get("integrityOnly"))
                .containsExactly(false, true);
        // It ends with the compliance gate: every component judged now, VIOLATED failing the build.
        assertThat(onlyCallTo("drCompliance").namedArgs()).containsEntry("failOn", "VIOLATED");
        assertThat(buildResult()).isEqualTo("SUCCESS");
    }

    @Test
    public void nightlyBackupStillBacksUpConfigurationWhenTheDatabaseBackupFails() {
        when("drBackup", a -> {
            if ("database".equals(named(a).get("component"))) {
                throw new StepAbort("drBackup: pg_dump: connection to db.internal:5432 refused");
            }
            return Canned.backup("configuration");
        });

        runScript("docs/examples/nightly-backup.Jenkinsfile");

        assertThat(callsTo("drBackup")).extracting(c -> c.namedArgs().get("component"))
                .containsExactly("database", "configuration");
        assertThat(onlyCallTo("mail").namedArgs().get("subject")).hasToString("DR nightly backup of database failed at backup");
        assertThat(buildResult()).isEqualTo("FAILURE");
    }

    @Test
    public void quarterlyDrillRunsOnTheFirstDayOfEachQuarter() {
        runScript("docs/examples/quarterly-drill.Jenkinsfile");

        String[] cron = onlyCallTo("cron").text().split(" ");
        assertThat(cron).hasSize(5);
        assertThat(cron[2]).as("day of month").isEqualTo("1");
        assertThat(cron[3]).as("months").isEqualTo("1,4,7,10");
        assertThat(cron[4]).as("day of week").isEqualTo("*");
    }

    @Test
    public void scheduledQuarterlyDrillRunsTheScenarioOfTheQuarterAndPublishesItsReports() {
        int quarterBefore = LocalDate.now().get(IsoFields.QUARTER_OF_YEAR);
        runScript("docs/examples/quarterly-drill.Jenkinsfile");
        int quarterAfter = LocalDate.now().get(IsoFields.QUARTER_OF_YEAR);

        List<String> byQuarter = List.of("database-failover", "region-failover", "communication", "end-to-end");
        assertThat(params).containsEntry("SCENARIO", "by quarter");
        assertThat(onlyCallTo("drDrill").namedArgs().get("scenario"))
                .isIn(byQuarter.get(quarterBefore - 1), byQuarter.get(quarterAfter - 1));
        assertThat(sequenceOf("drDrill", "junit", "archiveArtifacts")).containsExactly("drDrill", "junit", "archiveArtifacts");
    }

    @Test
    public void quarterlyDrillRunsTheChosenScenarioWhenStartedByHand() {
        params.put("SCENARIO", "backup-restore");

        runScript("docs/examples/quarterly-drill.Jenkinsfile");

        assertThat(onlyCallTo("drDrill").namedArgs()).containsEntry("scenario", "backup-restore");
    }

    @Test
    public void manualFailoverDefaultsToTheFirstSecondaryAndAsksTheApprovers() {
        runScript("docs/examples/manual-failover.Jenkinsfile");

        assertThat(params).containsEntry("TARGET_REGION", "eu-west-1").containsEntry("FORCE", false);
        assertThat(sequenceOf("drFailover", "input")).containsExactly("drFailover", "input", "drFailover");
        assertThat(onlyCallTo("input").namedArgs()).containsEntry("submitter", "dr-approvers");
        assertThat(callsTo("drFailover").get(1).namedArgs())
                .containsEntry("to", "eu-west-1").containsEntry("confirm", true).containsEntry("force", false);
    }

    @Test
    public void manualFailoverGoesToTheChosenRegion() {
        params.put("TARGET_REGION", "ap-southeast-1");
        params.put("FORCE", true);

        runScript("docs/examples/manual-failover.Jenkinsfile");

        assertThat(callsTo("drFailover")).extracting(c -> c.namedArgs().get("to"))
                .containsExactly("ap-southeast-1", "ap-southeast-1");
        assertThat(callsTo("drFailover").get(1).namedArgs()).containsEntry("force", true);
    }

    @Test
    public void manualFailoverWithAnAbortedApprovalChangesNothing() {
        failing("input", "Aborted by alice");

        assertThatThrownBy(() -> runScript("docs/examples/manual-failover.Jenkinsfile"))
                .isInstanceOf(StepAbort.class);

        assertThat(callsTo("drFailover")).extracting(c -> c.namedArgs().get("dryRun")).containsExactly(true);
        assertThat(buildResult()).isEqualTo("FAILURE");
    }
}
