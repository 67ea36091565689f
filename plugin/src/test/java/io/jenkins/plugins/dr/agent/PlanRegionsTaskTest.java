package io.jenkins.plugins.dr.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.Test;

/** The regions a failover locks are its plan's, primary first, read where the step runs. */
public class PlanRegionsTaskTest {
    private static final PrintStream LOG = new PrintStream(PrintStream.nullOutputStream());

    @Test
    public void thePrimaryComesFirstWhereverTheFileListsIt() throws Exception {
        RunConfiguration plan = new RunConfiguration("""
                regions:
                  - { name: eu-west-1, role: secondary, bucket: dr-euw1 }
                  - { name: us-east-1, role: primary, bucket: dr-use1 }
                """, RunConfiguration.GLOBAL, null);

        AgentResult result = new PlanRegionsTask("drFailover", plan).run(Path.of("/nonexistent"), LOG);

        assertThat(result.value()).containsEntry("primary", "us-east-1");
        assertThat(result.value().get("regions")).isEqualTo(java.util.List.of("us-east-1", "eu-west-1"));
        assertThat(result.evidence()).isEmpty();
    }

    @Test
    public void withoutRegionsThePlanHasTheEnginesDefaultThree() throws Exception {
        AgentResult result = new PlanRegionsTask("drDrill", new RunConfiguration("{}", RunConfiguration.GLOBAL, null))
                .run(Path.of("/nonexistent"), LOG);

        assertThat(result.value().get("regions")).isEqualTo(java.util.List.of("us-east-1", "eu-west-1", "ap-southeast-1"));
    }

    @Test
    public void aPlanThatDoesNotLoadFailsBeforeAnythingIsLocked() {
        assertThatThrownBy(() -> new PlanRegionsTask("drFailover",
                new RunConfiguration("regions: 3\n", RunConfiguration.GLOBAL, null)).run(Path.of("/nonexistent"), LOG))
                .isInstanceOf(StepFailure.class).hasMessageStartingWith("drFailover: " + RunConfiguration.GLOBAL
                        + " has 1 problem: regions: must be a list");
    }
}
