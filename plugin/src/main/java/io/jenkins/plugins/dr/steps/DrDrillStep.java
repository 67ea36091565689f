package io.jenkins.plugins.dr.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dr.agent.AgentSecrets;
import io.jenkins.plugins.dr.agent.DrillTask;
import io.jenkins.plugins.dr.agent.PlanRegionsTask;
import io.jenkins.plugins.dr.agent.RunConfiguration;
import io.jenkins.plugins.dr.config.Text;
import io.jenkins.plugins.dr.config.Validations;
import io.jenkins.plugins.dr.credentials.CredentialKinds;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code drDrill(scenario: 'region-failover')}: rehearses one scenario of the plan and measures RTO/RPO, writing a
 * JUnit report (one test case per drill step and target), a Markdown report and a JSON report into the workspace.
 * Scenarios that fail over hold the plan's regions like drFailover. Returns {@code [scenario:, passed:, rtoSeconds:,
 * rpoSeconds:, compliant:, reports: [junit:, markdown:, json:]]} (see {@link DrillTask}); a drill that does not pass
 * fails the step after its reports are written.
 */
public final class DrDrillStep extends DrStep {
    static final String FUNCTION = "drDrill";

    private final String scenario;
    private String junit = "dr-drill.xml";
    private String markdown = "dr-drill.md";
    private String json = "dr-drill.json";
    private String ageIdentityCredentialsId;
    private boolean switchBack;
    private String detectionInterval;
    private String detectionThreshold;
    private String to;
    private String budget;
    private String phaseBudget;

    @DataBoundConstructor
    public DrDrillStep(String scenario) {
        this.scenario = scenario == null ? null : scenario.strip();
    }

    public String getScenario() {
        return scenario;
    }

    public String getJunit() {
        return junit;
    }

    @DataBoundSetter
    public void setJunit(String junit) {
        this.junit = Text.trimmed(junit);
    }

    public String getMarkdown() {
        return markdown;
    }

    @DataBoundSetter
    public void setMarkdown(String markdown) {
        this.markdown = Text.trimmed(markdown);
    }

    public String getJson() {
        return json;
    }

    @DataBoundSetter
    public void setJson(String json) {
        this.json = Text.trimmed(json);
    }

    public String getAgeIdentityCredentialsId() {
        return ageIdentityCredentialsId;
    }

    @DataBoundSetter
    public void setAgeIdentityCredentialsId(String ageIdentityCredentialsId) {
        this.ageIdentityCredentialsId = Text.trimmed(ageIdentityCredentialsId);
    }

    public boolean isSwitchBack() {
        return switchBack;
    }

    /** After the rollback, make the drilled region primary again, so the drill ends as it began. */
    @DataBoundSetter
    public void setSwitchBack(boolean switchBack) {
        this.switchBack = switchBack;
    }

    public String getDetectionInterval() {
        return detectionInterval;
    }

    /** Probe interval during the drill (e.g. 1s); empty: the plan's healthCheckInterval. The report says when shortened. */
    @DataBoundSetter
    public void setDetectionInterval(String detectionInterval) {
        this.detectionInterval = Text.trimmed(detectionInterval);
    }

    public String getDetectionThreshold() {
        return detectionThreshold;
    }

    /** Failure time before failing over during the drill (e.g. 10s); empty: the plan's failoverThreshold. */
    @DataBoundSetter
    public void setDetectionThreshold(String detectionThreshold) {
        this.detectionThreshold = Text.trimmed(detectionThreshold);
    }

    public String getTo() {
        return to;
    }

    /** The region to fail over to ({@code dr drill --to}); empty: the first region after the primary with a database. */
    @DataBoundSetter
    public void setTo(String to) {
        this.to = Text.trimmed(to);
    }

    public String getBudget() {
        return budget;
    }

    /** The whole drill's time budget (e.g. 20m); empty: the drilled components' RTO target. */
    @DataBoundSetter
    public void setBudget(String budget) {
        this.budget = Text.trimmed(budget);
    }

    public String getPhaseBudget() {
        return phaseBudget;
    }

    /** Each phase's time budget (e.g. 5m); empty: only the whole drill's. */
    @DataBoundSetter
    public void setPhaseBudget(String phaseBudget) {
        this.phaseBudget = Text.trimmed(phaseBudget);
    }

    /** Every argument of this step, as the agent's task. */
    DrillTask task(RunConfiguration configuration, AgentSecrets secrets) {
        return new DrillTask(configuration, secrets, scenario, junit, markdown, json)
                .withDrillSettings(switchBack, detectionInterval, detectionThreshold)
                .withTarget(to).withBudgets(budget, phaseBudget);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        refuse(StepArguments.drill(scenario, junit, markdown, json));
        return new Execution(this, context);
    }

    /** Runs on a controller thread, where the region lock lives; the drill itself runs on the agent. */
    public static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final transient DrDrillStep step;
        /** Kept over a restart (the step is not), for the message of {@link #onResume}. */
        private final String scenario;

        Execution(DrDrillStep step, StepContext context) {
            super(context);
            this.step = step;
            this.scenario = step.scenario;
        }

        /** A restart cut the drill off: it fails, and never as a failure {@code retry(nonresumable())} runs again. */
        @Override
        public void onResume() {
            getContext().onFailure(CutOff.afterRestart(FUNCTION, "this " + scenario + " drill"));
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            StepRun dr = StepRun.of(getContext(), FUNCTION);
            RunConfiguration configuration = dr.configuration(step);
            DrillTask task = step.task(configuration, dr.secrets(step, step.ageIdentityCredentialsId, true));
            if (!StepArguments.FAILING_OVER_SCENARIOS.contains(step.scenario)) {
                return dr.finish(dr.onAgent(task), step.isUnstableOnViolation());
            }
            List<String> regions = PlanRegions.of(dr, new PlanRegionsTask(FUNCTION, configuration));
            if (step.to != null && !regions.contains(step.to)) {
                throw new AbortException(FUNCTION + ": to: '" + step.to + "' is not a region of the plan; use one of "
                        + String.join(", ", regions));
            }
            // The drill takes the plan's failover lease on the agent before its fault and holds it until after the
            // rollback (engine FailoverDrill): the same lease dr failover, dr watch and drFailover take.
            return dr.finish(CutOff.onAgent(dr, task.heldBy(FUNCTION + " of " + dr.run().getExternalizableId()),
                    "this " + step.scenario + " drill"), step.isUnstableOnViolation());
        }
    }

    @Extension
    @Symbol(FUNCTION)
    public static class DescriptorImpl extends DrStepDescriptor {
        @Override
        public String getFunctionName() {
            return FUNCTION;
        }

        @Override
        public String getDisplayName() {
            return Messages.DrDrillStep_displayName();
        }

        @POST
        public ListBoxModel doFillScenarioItems(@AncestorInPath Item item) {
            checkPermission(item);
            ListBoxModel scenarios = new ListBoxModel();
            StepArguments.DRILL_SCENARIOS.forEach(name -> scenarios.add(name, name));
            return scenarios;
        }

        @POST
        public FormValidation doCheckScenario(@AncestorInPath Item item, @QueryParameter String value) {
            checkPermission(item);
            return StepArguments.drill(value, null, null, null).map(FormValidation::error).orElse(FormValidation.ok());
        }

        @POST
        public ListBoxModel doFillAgeIdentityCredentialsIdItems(@AncestorInPath Item item,
                @QueryParameter String ageIdentityCredentialsId) {
            if (item == null ? !jenkins.hasPermission(Jenkins.ADMINISTER)
                    : !item.hasPermission(Item.EXTENDED_READ) && !item.hasPermission(CredentialsProvider.USE_ITEM)) {
                return new StandardListBoxModel().includeCurrentValue(ageIdentityCredentialsId);
            }
            return Validations.credentialsItems(item, CredentialKinds.ageIdentity(), ageIdentityCredentialsId);
        }
    }
}
