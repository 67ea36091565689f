package io.jenkins.plugins.dr.agent;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What every task over the plan does around its own work, in one place so that no task forgets a part: masks the
 * build log with the step's secrets, loads the plan on the agent, hands the step's secrets to the engine, and flushes
 * the log however the work ends.
 */
public abstract class PlanTask implements AgentTask {
    private static final long serialVersionUID = 1L;

    private final String step;
    private final RunConfiguration configuration;
    private final AgentSecrets secrets;

    protected PlanTask(String step, RunConfiguration configuration, AgentSecrets secrets) {
        this.step = step;
        this.configuration = configuration;
        this.secrets = secrets;
    }

    @Override
    public final String stepName() {
        return step;
    }

    @Override
    public final SecretMasker masker() {
        return secrets.masker();
    }

    @Override
    public final AgentResult run(Path workspace, PrintStream log) throws StepFailure, InterruptedException {
        SecretMasker masker = secrets.masker();
        PrintStream out = masker.wrap(log);
        try {
            return work(new PlanRun(step, workspace, configuration.load(workspace, step), secrets, out, masker));
        } finally {
            out.flush();
        }
    }

    /** The plan as the step sent it (global text or the step's configFile), not yet loaded. */
    protected final RunConfiguration configuration() {
        return configuration;
    }

    /** The task's own work, with the plan loaded and the log masked. */
    protected abstract AgentResult work(PlanRun run) throws StepFailure, InterruptedException;
}
