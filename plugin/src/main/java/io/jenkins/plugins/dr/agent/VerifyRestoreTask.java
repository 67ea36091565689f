package io.jenkins.plugins.dr.agent;

import io.jenkins.plugins.dr.evidence.Evidence;
import io.jenkins.plugins.dr.evidence.EvidenceKind;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.manifest.VerificationRecord;
import org.drjenkins.engine.restore.VerifyOutcome;
import org.drjenkins.engine.restore.VerifyRequest;
import org.drjenkins.engine.restore.VerifyRestoreService;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.StoreConnector;

/**
 * drVerifyRestore on the agent: {@link VerifyRestoreService} restores the backup into a scratch place and checks it.
 * Its wall time is the measured RTO and the recovery point's age the RPO; an integrity-only check restores nothing
 * and so measures no RTO.
 */
public final class VerifyRestoreTask implements AgentTask {
    private static final long serialVersionUID = 1L;
    static final String STEP = "drVerifyRestore";

    private final RunConfiguration configuration;
    private final AgentSecrets secrets;
    private final String component;
    private final String backup;
    private final String target;
    private final boolean replace;
    private final boolean integrityOnly;
    private final String workDir;

    /**
     * @param backup  latest (when null), latest-verified or a backup id
     * @param target  restore into this existing server instead of an ephemeral cluster (postgres only), or null
     * @param workDir where temporary files and the ephemeral cluster go, relative to the workspace; null: the
     *                agent's temporary directory
     */
    public VerifyRestoreTask(RunConfiguration configuration, AgentSecrets secrets, String component, String backup,
            String target, boolean replace, boolean integrityOnly, String workDir) {
        this.configuration = configuration;
        this.secrets = secrets;
        this.component = component;
        this.backup = backup;
        this.target = target;
        this.replace = replace;
        this.integrityOnly = integrityOnly;
        this.workDir = workDir;
    }

    @Override
    public String stepName() {
        return STEP;
    }

    /** The step's arguments as the engine's request; relative paths resolve against the workspace. */
    public VerifyRequest request(Path workspace) {
        return new VerifyRequest(component, backup == null || backup.isBlank() ? "latest" : backup.strip(),
                Optional.ofNullable(target).filter(t -> !t.isBlank()), replace, integrityOnly,
                Optional.ofNullable(workDir).filter(w -> !w.isBlank()).map(workspace::resolve));
    }

    @Override
    public AgentResult run(Path workspace, PrintStream log) throws StepFailure, InterruptedException {
        SecretMasker masker = secrets.masker();
        PrintStream out = masker.wrap(log);
        try {
            DrConfig config = configuration.load(workspace, STEP);
            Secrets engineSecrets = secrets.toEngine();
            Clock clock = Clock.systemUTC();
            VerifyRestoreService service = new VerifyRestoreService(config, engineSecrets,
                    region -> StoreConnector.connect(region, engineSecrets.aws()), clock, new BuildLogProgress(out, STEP));
            VerifyOutcome outcome;
            try {
                outcome = service.run(request(workspace));
            } catch (RuntimeException e) {
                if (Thread.interrupted()) {
                    throw new InterruptedException(STEP + " of " + component + " was aborted");
                }
                throw new StepFailure(EngineMessages.forStep(STEP, e.getMessage(), masker));
            }
            if (Thread.interrupted()) {
                // The engine records an interrupted verification as failed; the build was aborted, not the backup.
                throw new InterruptedException(STEP + " of " + component + " was aborted");
            }
            VerificationRecord record = outcome.record();
            out.println("[" + STEP + "] " + (outcome.verified() ? "VERIFIED " : "NOT VERIFIED ") + component + "/"
                    + record.backupId() + " (" + record.mode() + ")");
            return new AgentResult(ResultMaps.verification(outcome), evidence(outcome), failure(outcome, masker));
        } finally {
            out.flush();
        }
    }

    private Evidence evidence(VerifyOutcome outcome) {
        VerificationRecord record = outcome.record();
        boolean restored = "restore".equals(record.mode());
        return Evidence.measured(component, EvidenceKind.VERIFY, outcome.verified(), record.backupId(),
                record.rpoSeconds(), outcome.rpoTargetSeconds(), restored ? record.rtoSeconds() : null,
                outcome.rtoTargetSeconds(), record.verifiedAt().toEpochMilli(),
                (outcome.verified() ? "verified (" : "NOT verified (") + record.mode() + ")");
    }

    /** A backup that does not restore is an error of the plan, not a missed target: the step fails. */
    private String failure(VerifyOutcome outcome, SecretMasker masker) {
        if (outcome.verified()) {
            return null;
        }
        return EngineMessages.forStep(STEP, "backup " + outcome.record().backupId() + " of " + component
                + " did NOT verify: " + String.join("; ", outcome.record().failures()), masker);
    }
}
