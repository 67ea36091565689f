package io.jenkins.plugins.dr.agent;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.StoreConnector;
import org.drjenkins.engine.storage.StoreProvider;

/** One run of a {@link PlanTask} on the agent: the plan, the engine's secrets and the masked build log. */
public final class PlanRun {
    private final String step;
    private final Path workspace;
    private final DrConfig config;
    private final AgentSecrets secrets;
    private final Secrets engineSecrets;
    private final PrintStream out;
    private final SecretMasker masker;
    private final BuildLogProgress progress;

    PlanRun(String step, Path workspace, DrConfig config, AgentSecrets secrets, PrintStream out, SecretMasker masker) {
        this.step = step;
        this.workspace = workspace;
        this.config = config;
        this.secrets = secrets;
        this.engineSecrets = secrets.toEngine();
        this.out = out;
        this.masker = masker;
        this.progress = new BuildLogProgress(out, step);
    }

    /** The agent's workspace, against which the step's relative paths resolve. */
    public Path workspace() {
        return workspace;
    }

    public DrConfig config() {
        return config;
    }

    /** The step's secrets as the engine takes them. */
    public Secrets secrets() {
        return engineSecrets;
    }

    /** The agent's environment with the step's secret variables over it (channels, TSIG): what the engine reads. */
    public Map<String, String> environment() {
        return secrets.environmentOver(System.getenv());
    }

    /** Each region's bucket, opened with the step's AWS keys. */
    public StoreProvider stores() {
        return region -> StoreConnector.connect(region, engineSecrets.aws());
    }

    /** The build log, every secret of the step masked. */
    public PrintStream out() {
        return out;
    }

    public SecretMasker masker() {
        return masker;
    }

    /** The engine's progress in the build log, prefixed with the step. */
    public BuildLogProgress progress() {
        return progress;
    }

    /** A line of the step in the build log: {@code [drBackup] ...}. */
    public void println(String line) {
        out.println("[" + step + "] " + line);
    }

    /**
     * An engine exception as the step's outcome: the build's abort when the step was interrupted (an aborted build
     * makes the engine fail in whatever it was doing), else the step's one masked line.
     *
     * @param aborted the abort's message, or {@code null} for work an abort does not interrupt
     * @throws RuntimeException {@code e} itself when it is a defect, not an expected failure (see EngineMessages)
     */
    public StepFailure failure(RuntimeException e, Supplier<String> aborted) throws InterruptedException {
        if (aborted != null && Thread.interrupted()) {
            throw new InterruptedException(aborted.get());
        }
        return EngineMessages.failure(step, e, masker);
    }
}
