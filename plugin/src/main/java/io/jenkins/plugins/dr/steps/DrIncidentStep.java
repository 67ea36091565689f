package io.jenkins.plugins.dr.steps;

import hudson.Extension;
import hudson.model.Cause;
import hudson.model.Item;
import hudson.model.Run;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dr.agent.AgentResult;
import io.jenkins.plugins.dr.agent.IncidentTask;
import io.jenkins.plugins.dr.config.Text;
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
 * {@code drIncident(action: 'ack', id: 'INC-…', by: 'alice')}: works an incident from a pipeline with the engine calls
 * of {@code dr incident} (open, ack, update, resolve, status), on the agent, state in the primary region's bucket, so an
 * acknowledgement here stops the escalation a running {@code dr watch} would send. Returns the incident as a map
 * ({@code [id:, severity:, status:, acknowledgedBy:, ...]}); {@code status} without an id returns
 * {@code [incidents: [...]]}, the unresolved ones.
 */
public final class DrIncidentStep extends DrStep {
    static final String FUNCTION = IncidentTask.STEP;

    private final String action;
    private String id;
    private String description;
    private String event;
    private String severity;
    private String impact;
    private String status;
    private String text;
    private String by;
    private String summary;
    private boolean drill;

    @DataBoundConstructor
    public DrIncidentStep(String action) {
        this.action = action == null ? null : action.strip().toLowerCase(Locale.ROOT);
    }

    public String getAction() {
        return action;
    }

    public String getId() {
        return id;
    }

    @DataBoundSetter
    public void setId(String id) {
        this.id = Text.trimmed(id);
    }

    public String getDescription() {
        return description;
    }

    @DataBoundSetter
    public void setDescription(String description) {
        this.description = Text.trimmed(description);
    }

    public String getEvent() {
        return event;
    }

    @DataBoundSetter
    public void setEvent(String event) {
        this.event = Text.trimmed(event);
    }

    public String getSeverity() {
        return severity;
    }

    @DataBoundSetter
    public void setSeverity(String severity) {
        this.severity = Text.trimmed(severity);
    }

    public String getImpact() {
        return impact;
    }

    @DataBoundSetter
    public void setImpact(String impact) {
        this.impact = Text.trimmed(impact);
    }

    public String getStatus() {
        return status;
    }

    @DataBoundSetter
    public void setStatus(String status) {
        this.status = Text.trimmed(status);
    }

    public String getText() {
        return text;
    }

    @DataBoundSetter
    public void setText(String text) {
        this.text = Text.trimmed(text);
    }

    public String getBy() {
        return by;
    }

    @DataBoundSetter
    public void setBy(String by) {
        this.by = Text.trimmed(by);
    }

    public String getSummary() {
        return summary;
    }

    @DataBoundSetter
    public void setSummary(String summary) {
        this.summary = Text.trimmed(summary);
    }

    public boolean isDrill() {
        return drill;
    }

    @DataBoundSetter
    public void setDrill(boolean drill) {
        this.drill = drill;
    }

    /** What is wrong with the arguments before anything runs, as one line naming the field and the fix. */
    Optional<String> problem() {
        if (action == null || action.isEmpty() || !IncidentTask.ACTIONS.contains(action)) {
            return Optional.of(Messages.DrIncidentStep_badAction(FUNCTION, action == null ? "" : action, String.join(", ", IncidentTask.ACTIONS)));
        }
        if (action.equals("open") && description == null) {
            return Optional.of(Messages.DrIncidentStep_needsDescription(FUNCTION));
        }
        if (List.of("ack", "update", "resolve").contains(action) && id == null) {
            return Optional.of(Messages.DrIncidentStep_needsId(FUNCTION, action));
        }
        return Optional.empty();
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        refuse(problem());
        return new Execution(this, context);
    }

    /** Who acknowledges when the pipeline does not say: the user who started the build, else the build itself. */
    static String startedBy(Run<?, ?> run) {
        Cause.UserIdCause user = run.getCause(Cause.UserIdCause.class);
        if (user != null && user.getUserId() != null) {
            return user.getUserId();
        }
        return "Jenkins " + run.getFullDisplayName();
    }

    /** Runs on a controller thread; the engine runs on the agent (see {@link IncidentTask}). */
    public static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        /** Not serialized: this execution does not survive a controller restart, it fails and may be rerun. */
        private final transient DrIncidentStep step;

        Execution(DrIncidentStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            StepRun dr = StepRun.of(getContext(), FUNCTION);
            String who = step.by != null ? step.by : startedBy(dr.run());
            IncidentTask.Request request = new IncidentTask.Request(step.action, step.id, step.description, step.event, step.severity,
                    step.impact, step.status, step.text, who, step.summary, step.drill);
            AgentResult result = dr.onAgent(new IncidentTask(dr.configuration(step), dr.secrets(step, null, true), request));
            return dr.finish(result, false);
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
            return Messages.DrIncidentStep_displayName();
        }

        @POST
        public ListBoxModel doFillActionItems(@AncestorInPath Item item) {
            checkPermission(item);
            ListBoxModel items = new ListBoxModel();
            IncidentTask.ACTIONS.forEach(items::add);
            return items;
        }

        @POST
        public ListBoxModel doFillSeverityItems(@AncestorInPath Item item) {
            checkPermission(item);
            ListBoxModel items = new ListBoxModel();
            items.add(Messages.DrIncidentStep_eventSeverity(), "");
            List.of("critical", "high", "medium", "info").forEach(items::add);
            return items;
        }

        @POST
        public ListBoxModel doFillStatusItems(@AncestorInPath Item item) {
            checkPermission(item);
            ListBoxModel items = new ListBoxModel();
            items.add(Messages.DrIncidentStep_unchanged(), "");
            List.of("INVESTIGATING", "MITIGATING").forEach(items::add);
            return items;
        }

        @POST
        public FormValidation doCheckId(@AncestorInPath Item item, @QueryParameter String value, @QueryParameter String action) {
            checkPermission(item);
            if ((value == null || value.isBlank()) && action != null && List.of("ack", "update", "resolve").contains(action.strip())) {
                return FormValidation.error(Messages.DrIncidentStep_needsId(FUNCTION, action.strip()));
            }
            return FormValidation.ok();
        }
    }
}
