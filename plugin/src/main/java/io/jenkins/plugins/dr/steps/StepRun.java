package io.jenkins.plugins.dr.steps;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.dr.config.DisasterRecoveryConfiguration;
import io.jenkins.plugins.dr.agent.AgentCallable;
import io.jenkins.plugins.dr.agent.AgentResult;
import io.jenkins.plugins.dr.agent.AgentSecrets;
import io.jenkins.plugins.dr.agent.AgentTask;
import io.jenkins.plugins.dr.agent.RunConfiguration;
import io.jenkins.plugins.dr.credentials.ChannelSecrets;
import io.jenkins.plugins.dr.evidence.DrEvidenceAction;
import io.jenkins.plugins.dr.evidence.Evidence;
import io.jenkins.plugins.dr.evidence.EvidenceIndexes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The controller's half of a DR step: gathers the plan and the credentials, sends the task to the agent of the
 * enclosing {@code node}, records what came back on the build and turns it into the step's outcome. The engine
 * itself never runs here.
 */
final class StepRun {
    private final StepContext context;
    private final String stepName;
    private final Run<?, ?> run;
    private final TaskListener listener;
    private final FilePath workspace;

    private StepRun(StepContext context, String stepName) throws IOException, InterruptedException {
        this.context = context;
        this.stepName = stepName;
        this.run = context.get(Run.class);
        this.listener = context.get(TaskListener.class);
        this.workspace = context.get(FilePath.class);
        if (workspace == null) {
            throw new AbortException(Messages.StepRun_needsWorkspace(stepName));
        }
    }

    static StepRun of(StepContext context, String stepName) throws IOException, InterruptedException {
        return new StepRun(context, stepName);
    }

    Run<?, ?> run() {
        return run;
    }

    void log(String line) {
        listener.getLogger().println(line);
    }

    /** The global plan as dr.yaml text, or the step's configFile (read on the agent). */
    RunConfiguration configuration(DrStep step) {
        return new RunConfiguration(DisasterRecoveryConfiguration.get().toYaml(), RunConfiguration.GLOBAL,
                step.getConfigFile());
    }

    /** The step's credentials ids, each falling back to the global default, and the paging channels' secrets. */
    AgentSecrets secrets(DrStep step, String stepAgeIdentityId) throws IOException {
        return secrets(step, stepAgeIdentityId, false);
    }

    /**
     * Every step carries the secrets of the global configuration's notice channels (webhook URLs, the PagerDuty
     * routing key, the Opsgenie key, the SMTP login): any of them may open, update or resolve an incident, and an
     * incident nobody hears of is no incident response. A channel left without its secret is warned about in the log.
     *
     * @param dnsSwitch also the TSIG secret (failovers and drills), strictly: a failover must not start unsigned
     */
    AgentSecrets secrets(DrStep step, String stepAgeIdentityId, boolean dnsSwitch) throws IOException {
        DisasterRecoveryConfiguration global = DisasterRecoveryConfiguration.get();
        CredentialsResolver resolver = new CredentialsResolver(stepName, run);
        Map<String, String> environment = new LinkedHashMap<>();
        if (dnsSwitch) {
            environment.putAll(resolver.tsigEnvironment(global.getDnsTsigCredentialsId()));
        }
        List<String> warnings = new ArrayList<>();
        environment.putAll(ChannelSecrets.forRun(stepName, run).environment(global.channelCredentials(), warnings));
        warnings.forEach(this::log);
        return resolver.resolve(either(step.getAwsCredentialsId(), global.getAwsCredentialsId()),
                either(step.getDatabaseCredentialsId(), global.getDatabaseCredentialsId()),
                either(stepAgeIdentityId, global.getAgeIdentityCredentialsId()), environment);
    }

    private static String either(String fromStep, String global) {
        return fromStep != null ? fromStep : global;
    }

    AgentResult onAgent(AgentTask task) throws IOException, InterruptedException {
        return workspace.act(new AgentCallable(task, listener));
    }

    /**
     * Records the evidence (also of a failed operation: an auditor wants the failures too), fails the step with the
     * task's one line if there is one, and reports a missed target — as UNSTABLE when asked to.
     */
    Map<String, Object> finish(AgentResult result, boolean unstableOnViolation) throws IOException {
        for (Evidence evidence : result.evidence()) {
            run.addAction(new DrEvidenceAction(evidence));
            // The job's index is what its pages read, so they need not load builds; the build stays the record.
            EvidenceIndexes.record(run, evidence);
        }
        if (result.failure() != null) {
            throw new AbortException(result.failure());
        }
        boolean missed = false;
        for (Evidence evidence : result.evidence()) {
            if (evidence.targetMissed()) {
                missed = true;
                log(Messages.StepRun_missedTarget(stepName, evidence.component(), evidence.summary(),
                        evidence.tooltip()));
            }
        }
        if (missed && unstableOnViolation) {
            context.setResult(Result.UNSTABLE);
            log(Messages.StepRun_markedUnstable(stepName));
        }
        return result.value();
    }
}
