package io.jenkins.plugins.dr.sharedlibrary;

import static io.jenkins.plugins.dr.sharedlibrary.Canned.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class DrQuarterlyDrillTest extends PipelineTestCase {

    @Test
    public void firstQuarterRehearsesDatabaseFailover() {
        assertThat(scenarioPickedOn(LocalDate.of(2026, 1, 1))).isEqualTo("database-failover");
        assertThat(scenarioPickedOn(LocalDate.of(2026, 3, 31))).isEqualTo("database-failover");
    }

    @Test
    public void secondQuarterRehearsesRegionFailover() {
        assertThat(scenarioPickedOn(LocalDate.of(2026, 4, 1))).isEqualTo("region-failover");
        assertThat(scenarioPickedOn(LocalDate.of(2026, 6, 30))).isEqualTo("region-failover");
    }

    @Test
    public void thirdQuarterRehearsesCommunication() {
        assertThat(scenarioPickedOn(LocalDate.of(2026, 7, 1))).isEqualTo("communication");
        assertThat(scenarioPickedOn(LocalDate.of(2026, 9, 30))).isEqualTo("communication");
    }

    @Test
    public void fourthQuarterRehearsesEndToEnd() {
        assertThat(scenarioPickedOn(LocalDate.of(2026, 10, 1))).isEqualTo("end-to-end");
        assertThat(scenarioPickedOn(LocalDate.of(2026, 12, 31))).isEqualTo("end-to-end");
    }

    @Test
    public void dateMayBeGivenAsIsoText() {
        runVar("drQuarterlyDrill", map("date", "2026-05-10"));

        assertThat(onlyCallTo("drDrill").namedArgs()).containsEntry("scenario", "region-failover");
    }

    @Test
    public void withoutDateTheQuarterOfTodayPicksTheScenario() {
        int quarterBefore = LocalDate.now().get(IsoFields.QUARTER_OF_YEAR);
        runVar("drQuarterlyDrill");
        int quarterAfter = LocalDate.now().get(IsoFields.QUARTER_OF_YEAR);

        List<String> byQuarter = List.of("database-failover", "region-failover", "communication", "end-to-end");
        assertThat(onlyCallTo("drDrill").namedArgs().get("scenario"))
                .isIn(byQuarter.get(quarterBefore - 1), byQuarter.get(quarterAfter - 1));
    }

    @Test
    public void scenarioArgumentOverridesTheQuarter() {
        runVar("drQuarterlyDrill", map("scenario", "backup-restore", "date", LocalDate.of(2026, 1, 15)));

        assertThat(onlyCallTo("drDrill").namedArgs()).containsEntry("scenario", "backup-restore");
    }

    @Test
    public void unknownScenarioIsAnErrorNamingTheScenarios() {
        assertThatThrownBy(() -> runVar("drQuarterlyDrill", map("scenario", "meteor")))
                .isInstanceOf(StepAbort.class)
                .hasMessage("drQuarterlyDrill: scenario: 'meteor' is not a drill scenario: use one of "
                        + "backup-restore, database-failover, region-failover, communication, end-to-end");

        assertThat(callsTo("drDrill")).isEmpty();
    }

    @Test
    public void runsTheDrillThenPublishesJunitAndArchivesTheReportsAndReturnsTheDrill() {
        Object drill = runVar("drQuarterlyDrill", map("date", LocalDate.of(2026, 2, 1)));

        assertThat(sequenceOf("drDrill", "junit", "archiveArtifacts")).containsExactly("drDrill", "junit", "archiveArtifacts");
        assertThat(onlyCallTo("drDrill").namedArgs()).containsExactly(
                Map.entry("scenario", "database-failover"),
                Map.entry("junit", "dr-drill.xml"),
                Map.entry("markdown", "dr-drill.md"),
                Map.entry("switchBack", true));
        assertThat(onlyCallTo("junit").namedArgs()).containsExactly(
                Map.entry("testResults", "dr-drill.xml"), Map.entry("allowEmptyResults", true));
        assertThat(onlyCallTo("archiveArtifacts").namedArgs()).containsExactly(
                Map.entry("artifacts", "dr-drill.xml,dr-drill.md,dr-drill.json"), Map.entry("allowEmptyArchive", true));
        assertThat(drill).isEqualTo(Canned.drill("database-failover", "dr-drill.xml", "dr-drill.md"));
    }

    @Test
    public void switchBackFalseLeavesThePromotedRegionPrimary() {
        runVar("drQuarterlyDrill", map("date", LocalDate.of(2026, 2, 1), "switchBack", false));

        assertThat(onlyCallTo("drDrill").namedArgs()).containsEntry("switchBack", false);
    }

    @Test
    public void customReportNamesArePassedToTheDrillAndPublished() {
        runVar("drQuarterlyDrill", map("date", LocalDate.of(2026, 8, 1), "junit", "reports/q3.xml", "markdown", "reports/q3.md"));

        assertThat(onlyCallTo("drDrill").namedArgs())
                .containsEntry("junit", "reports/q3.xml").containsEntry("markdown", "reports/q3.md");
        assertThat(onlyCallTo("junit").namedArgs()).containsEntry("testResults", "reports/q3.xml");
        assertThat(onlyCallTo("archiveArtifacts").namedArgs())
                .containsEntry("artifacts", "reports/q3.xml,reports/q3.md,dr-drill.json");
    }

    @Test
    public void failingDrillStillPublishesJunitAndArchivesThenFails() {
        failing("drDrill", "drDrill: standby in eu-west-1 did not promote within 300s");

        assertThatThrownBy(() -> runVar("drQuarterlyDrill", map("date", LocalDate.of(2026, 11, 2))))
                .isInstanceOf(StepAbort.class)
                .hasMessage("drDrill: standby in eu-west-1 did not promote within 300s");

        assertThat(sequenceOf("drDrill", "junit", "archiveArtifacts")).containsExactly("drDrill", "junit", "archiveArtifacts");
        assertThat(onlyCallTo("junit").namedArgs()).containsEntry("allowEmptyResults", true);
        assertThat(onlyCallTo("archiveArtifacts").namedArgs())
                .containsEntry("artifacts", "dr-drill.xml,dr-drill.md,dr-drill.json")
                .containsEntry("allowEmptyArchive", true);
    }

    private String scenarioPickedOn(LocalDate date) {
        calls.clear();
        runVar("drQuarterlyDrill", map("date", date));
        return String.valueOf(onlyCallTo("drDrill").namedArgs().get("scenario"));
    }
}
