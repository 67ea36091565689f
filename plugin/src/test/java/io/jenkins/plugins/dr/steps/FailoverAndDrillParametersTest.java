package io.jenkins.plugins.dr.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dr.agent.AgentSecrets;
import io.jenkins.plugins.dr.agent.DrillTask;
import io.jenkins.plugins.dr.agent.RunConfiguration;
import io.jenkins.plugins.dr.agent.StepFailure;
import java.time.Duration;
import org.drjenkins.engine.drill.DrillOptions;
import org.drjenkins.engine.drill.Scenario;
import org.drjenkins.engine.failover.FailoverRequest;
import org.junit.Test;

/**
 * The parameters {@code dr} has and the steps lacked: drFailover's {@code from} (dr failover --from) and drDrill's
 * {@code to}, {@code budget}, {@code phaseBudget} (dr drill --to, --budget, --phase-budget), from the step's setter to
 * the engine's request as the agent builds it.
 */
public class FailoverAndDrillParametersTest {
    private static final RunConfiguration PLAN = new RunConfiguration("{}", RunConfiguration.GLOBAL, null);

    @Test
    public void drFailoverFromBecomesTheEnginesFromRegion() {
        DrFailoverStep step = new DrFailoverStep("eu-west-1");
        step.setFrom(" us-east-1 ");

        FailoverRequest request = step.task(PLAN, AgentSecrets.none()).request();

        assertThat(step.getFrom()).isEqualTo("us-east-1");
        assertThat(request).isEqualTo(FailoverRequest.to("eu-west-1").from("us-east-1"));
        assertThat(request.from()).contains("us-east-1");
    }

    @Test
    public void withoutFromTheEngineFindsTheWritablePrimaryItself() {
        DrFailoverStep step = new DrFailoverStep("eu-west-1");
        step.setFrom("  ");

        assertThat(step.getFrom()).isNull();
        assertThat(step.task(PLAN, AgentSecrets.none()).request().from()).isEmpty();
    }

    @Test
    public void fromTheRegionToFailOverToIsRefusedBeforeAnythingRuns() {
        DrFailoverStep step = new DrFailoverStep("eu-west-1");
        step.setDryRun(true);
        step.setFrom("eu-west-1");

        assertThatThrownBy(() -> step.start(null)).isInstanceOf(hudson.AbortException.class)
                .hasMessage("drFailover: from: 'eu-west-1' is also the region to fail over to; name the region that is"
                        + " primary now, or leave from empty to find it");
    }

    @Test
    public void drDrillToBudgetAndPhaseBudgetBecomeTheEnginesDrillOptions() throws Exception {
        DrDrillStep step = new DrDrillStep("database-failover");
        step.setTo("eu-west-1");
        step.setBudget("20m");
        step.setPhaseBudget(" 5m ");

        DrillOptions options = drill(step).options();

        assertThat(options).isEqualTo(DrillOptions.of(Scenario.DATABASE_FAILOVER).to("eu-west-1")
                .budget(Duration.ofMinutes(20)).phaseBudget(Duration.ofMinutes(5)));
    }

    @Test
    public void withoutThemTheDrillKeepsTheEnginesDefaults() throws Exception {
        DrDrillStep step = new DrDrillStep("database-failover");
        step.setTo("");
        step.setBudget(null);

        DrillOptions options = drill(step).options();

        assertThat(options.target()).isEmpty();
        assertThat(options.budget()).isEmpty();
        assertThat(options.phaseBudget()).isEmpty();
    }

    @Test
    public void aBudgetThatIsNotAPositiveDurationFailsNamingItsParameter() {
        DrDrillStep unreadable = new DrDrillStep("backup-restore");
        unreadable.setBudget("a while");
        DrDrillStep zero = new DrDrillStep("backup-restore");
        zero.setPhaseBudget("0s");

        assertThatThrownBy(() -> drill(unreadable).options()).isInstanceOf(StepFailure.class)
                .hasMessageStartingWith("drDrill: budget: ");
        assertThatThrownBy(() -> drill(zero).options()).isInstanceOf(StepFailure.class)
                .hasMessage("drDrill: phaseBudget: \"0s\" must be positive, such as 10s");
    }

    private static DrillTask drill(DrDrillStep step) {
        return step.task(PLAN, AgentSecrets.none());
    }
}
