package io.jenkins.plugins.dr.sharedlibrary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.Before;
import org.junit.Test;

/** The repository's own Jenkinsfile, run through the test's small Declarative Pipeline (see DeclarativePipeline). */
public class RepositoryJenkinsfileTest extends PipelineTestCase {

    private DeclarativePipeline pipeline;

    @Before
    public void declarative() {
        pipeline = DeclarativePipeline.install(this, params);
    }

    @Test
    public void buildsTestsAndArchivesThePluginWithoutBenchmarksByDefault() {
        runScript("Jenkinsfile");

        assertThat(pipeline.stagesRun).containsExactly("Build & Test", "Archive");
        assertThat(pipeline.stagesSkipped).containsExactly("Benchmarks");
        assertThat(params).containsEntry("RUN_BENCHMARKS", false);
        assertThat(callsTo("sh")).extracting(StepCall::text).containsExactly("bash .ci/run");
        assertThat(onlyCallTo("archiveArtifacts").namedArgs())
                .containsEntry("artifacts", "plugin/target/disaster-recovery.hpi");
        assertThat(sequenceOf("sh", "archiveArtifacts", "junit")).containsExactly("sh", "archiveArtifacts", "junit");
        assertThat(onlyCallTo("junit").namedArgs()).containsEntry("testResults", "**/target/surefire-reports/*.xml, **/target/failsafe-reports/*.xml");
    }

    @Test
    public void runsAndArchivesTheBenchmarksWhenAsked() {
        params.put("RUN_BENCHMARKS", true);

        runScript("Jenkinsfile");

        assertThat(pipeline.stagesRun).containsExactly("Build & Test", "Benchmarks", "Archive");
        assertThat(callsTo("sh")).extracting(StepCall::text).containsExactly("bash .ci/run", "bash bench/backup.sh 256M");
        assertThat(callsTo("archiveArtifacts")).extracting(c -> c.namedArgs().get("artifacts"))
                .containsExactly("bench/out/*.md", "plugin/target/disaster-recovery.hpi");
    }

    @Test
    public void failingTestsStillPublishTheirReportsAndArchiveNothing() {
        failing("sh", "script returned exit code 1");

        assertThatThrownBy(() -> runScript("Jenkinsfile")).isInstanceOf(StepAbort.class);

        assertThat(pipeline.stagesRun).containsExactly("Build & Test");
        assertThat(pipeline.stagesSkipped).containsExactly("Benchmarks", "Archive");
        assertThat(callsTo("archiveArtifacts")).isEmpty();
        assertThat(onlyCallTo("junit").namedArgs())
                .containsExactly(Map.entry("testResults", "**/target/surefire-reports/*.xml, **/target/failsafe-reports/*.xml"), Map.entry("allowEmptyResults", true));
        assertThat(buildResult()).isEqualTo("FAILURE");
    }
}
