package io.jenkins.plugins.dr.steps;

import hudson.AbortException;
import hudson.Extension;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.jenkins.plugins.dr.agent.AgentSecrets;
import io.jenkins.plugins.dr.agent.FailoverTask;
import io.jenkins.plugins.dr.agent.PlanRegionsTask;
import io.jenkins.plugins.dr.agent.RunConfiguration;
import io.jenkins.plugins.dr.config.Text;
import java.util.List;
import java.util.Map;
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
 * {@code drFailover(to: 'eu-west-1', confirm: true)}: promotes the target region's standby and switches DNS to it.
 * Outside a dry run it needs {@code confirm: true}, and it holds every region of its plan while it runs, so a second
 * failover (or failover drill) of the same regions is refused. Returns {@code [from:, to:, steps:, plan:, refused:,
 * rtoSeconds:, rpoSeconds:, compliant:, forced:]} (see {@link FailoverTask}): a refused or failed failover fails the
 * step, a dry run never does.
 */
public final class DrFailoverStep extends DrStep {
    static final String FUNCTION = "drFailover";

    private final String to;
    private String from;
    private boolean dryRun;
    private boolean force;
    private boolean confirm;

    @DataBoundConstructor
    public DrFailoverStep(String to) {
        this.to = to == null ? null : to.strip();
    }

    public String getTo() {
        return to;
    }

    public String getFrom() {
        return from;
    }

    /**
     * The region failed over from ({@code dr failover --from}); empty: the region whose database is a writable primary
     * now. For when that cannot be told, e.g. the old primary is down and dr.yaml's primary is not the one that was.
     */
    @DataBoundSetter
    public void setFrom(String from) {
        this.from = Text.trimmed(from);
    }

    public boolean isDryRun() {
        return dryRun;
    }

    /** Compute and return the plan without changing anything. */
    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public boolean isForce() {
        return force;
    }

    /** Fail over even though a gate refuses (target checks, target in recovery, replication lag while the old primary answers). */
    @DataBoundSetter
    public void setForce(boolean force) {
        this.force = force;
    }

    public boolean isConfirm() {
        return confirm;
    }

    /** Required outside a dry run: the pipeline's statement that a person approved this failover. */
    @DataBoundSetter
    public void setConfirm(boolean confirm) {
        this.confirm = confirm;
    }

    /** Every argument of this step, as the agent's task. */
    FailoverTask task(RunConfiguration configuration, AgentSecrets secrets) {
        return new FailoverTask(configuration, secrets, to, dryRun, force).from(from);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        refuse(StepArguments.failover(to, dryRun, confirm));
        if (from != null && from.equals(to)) {
            throw new AbortException(FUNCTION + ": from: '" + from + "' is also the region to fail over to; name the"
                    + " region that is primary now, or leave from empty to find it");
        }
        return new Execution(this, context);
    }

    /** Runs on a controller thread; the failover itself, and the lease it holds, run on the agent. */
    public static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final transient DrFailoverStep step;
        /** Kept over a restart (the step is not), for the message of {@link #onResume}. */
        private final String to;

        Execution(DrFailoverStep step, StepContext context) {
            super(context);
            this.step = step;
            this.to = step.to;
        }

        /**
         * A restart cut this failover off: it fails, and with an {@link AbortException} rather than the default
         * {@code SynchronousResumeNotSupportedException}, which {@code retry(conditions: [nonresumable()])} (the
         * remedy Jenkins' own message suggests) would answer by failing over a second time.
         */
        @Override
        public void onResume() {
            getContext().onFailure(CutOff.afterRestart(FUNCTION, "this failover to " + to));
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            StepRun dr = StepRun.of(getContext(), FUNCTION);
            RunConfiguration configuration = dr.configuration(step);
            List<String> regions = PlanRegions.of(dr, new PlanRegionsTask(FUNCTION, configuration));
            for (String[] region : new String[][] {{"to", step.to}, {"from", step.from}}) {
                if (region[1] != null && !regions.contains(region[1])) {
                    throw new AbortException(FUNCTION + ": " + region[0] + ": '" + region[1] + "' is not a region of the"
                            + " plan; use one of " + String.join(", ", regions));
                }
            }
            FailoverTask task = step.task(configuration, dr.secrets(step, null, true))
                    .heldBy(FUNCTION + " of " + dr.run().getExternalizableId());
            if (step.dryRun) {
                // A dry run changes nothing: it neither needs nor takes the lease.
                return dr.finish(dr.onAgent(task), step.isUnstableOnViolation());
            }
            // The failover takes the plan's lease in the regions' buckets on the agent, where it acts, and renews it
            // while it runs: a second controller, a restarted one and dr watch all meet the same lease.
            return dr.finish(CutOff.onAgent(dr, task, "this failover to " + step.to), step.isUnstableOnViolation());
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
            return Messages.DrFailoverStep_displayName();
        }

        @POST
        public FormValidation doCheckTo(@AncestorInPath Item item, @QueryParameter String value) {
            checkPermission(item);
            return value == null || value.isBlank() ? FormValidation.error("Required: the region to fail over to")
                    : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckConfirm(@AncestorInPath Item item, @QueryParameter boolean value,
                @QueryParameter boolean dryRun) {
            checkPermission(item);
            return !value && !dryRun ? FormValidation.warning("Without confirm (or dryRun) the step refuses to run;"
                    + " set it only after an input step in which a person approved the dry run's plan")
                    : FormValidation.ok();
        }
    }
}
