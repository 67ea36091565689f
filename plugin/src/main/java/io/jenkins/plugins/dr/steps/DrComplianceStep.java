package io.jenkins.plugins.dr.steps;

import hudson.AbortException;
import hudson.Extension;
import hudson.model.Item;
import hudson.model.Result;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dr.agent.AgentResult;
import io.jenkins.plugins.dr.agent.ComplianceTask;
import io.jenkins.plugins.dr.evidence.ComplianceGate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * {@code drCompliance(failOn: 'VIOLATED')}: evaluates every component of the plan now, on the agent, with the same
 * engine code as {@code dr compliance} (RPO from the newest verified backup or the WAL archive, RTO from the last
 * restore verification), records each verdict as the build's evidence and returns
 * {@code [overall:, at:, components: [name: [verdict:, rpoSeconds:, rpoBasis:, recoveryPoint:, rtoSeconds:, reasons:]]]}.
 * With {@code failOn}, components at that verdict or worse fail the build when one of them is VIOLATED, and mark it
 * UNSTABLE otherwise; either way the components are named.
 */
public final class DrComplianceStep extends DrStep {
    static final String FUNCTION = "drCompliance";
    static final List<String> FAIL_ON = ComplianceGate.FAIL_ON;

    private String failOn;

    @DataBoundConstructor
    public DrComplianceStep() {
    }

    public String getFailOn() {
        return failOn;
    }

    /** AT_RISK, STALE or VIOLATED: the verdict from which on the step fails or marks the build UNSTABLE. */
    @DataBoundSetter
    public void setFailOn(String failOn) {
        this.failOn = failOn == null || failOn.isBlank() ? null : failOn.strip().toUpperCase(Locale.ROOT).replace(' ', '_');
    }

    static Optional<String> checkFailOn(String value) {
        if (value == null || FAIL_ON.contains(value)) {
            return Optional.empty();
        }
        return Optional.of(Messages.DrComplianceStep_badFailOn(FUNCTION, value, String.join(", ", FAIL_ON)));
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        refuse(checkFailOn(failOn));
        return new Execution(this, context);
    }

    /** Runs on a controller thread; the evaluation itself runs on the agent (see {@link ComplianceTask}). */
    public static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        /** Not serialized: this execution does not survive a controller restart, it fails and may be rerun. */
        private final transient DrComplianceStep step;

        Execution(DrComplianceStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            StepRun dr = StepRun.of(getContext(), FUNCTION);
            AgentResult result = dr.onAgent(new ComplianceTask(dr.configuration(step), dr.secrets(step, null)));
            Map<String, Object> value = dr.finish(result, false);
            Optional<ComplianceGate> gate = step.failOn == null ? Optional.empty()
                    : ComplianceGate.judge(result.evidence(), step.failOn);
            if (gate.isPresent() && gate.get().fail()) {
                throw new AbortException(Messages.DrComplianceStep_failed(FUNCTION, gate.get().named(), step.failOn));
            }
            if (gate.isPresent()) {
                getContext().setResult(Result.UNSTABLE);
                dr.log(Messages.DrComplianceStep_unstable(FUNCTION, gate.get().named(), step.failOn));
            }
            return value;
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
            return Messages.DrComplianceStep_displayName();
        }

        @POST
        public ListBoxModel doFillFailOnItems(@AncestorInPath Item item) {
            checkPermission(item);
            ListBoxModel items = new ListBoxModel();
            items.add(Messages.DrComplianceStep_never(), "");
            FAIL_ON.forEach(items::add);
            return items;
        }

        @POST
        public FormValidation doCheckFailOn(@AncestorInPath Item item, @QueryParameter String value) {
            checkPermission(item);
            return checkFailOn(value == null || value.isBlank() ? null : value.strip().toUpperCase(Locale.ROOT))
                    .map(FormValidation::error).orElse(FormValidation.ok());
        }
    }
}
