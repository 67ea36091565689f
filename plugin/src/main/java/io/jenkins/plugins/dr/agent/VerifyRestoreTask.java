package io.jenkins.plugins.dr.agent;

import io.jenkins.plugins.dr.evidence.Evidence;
import io.jenkins.plugins.dr.evidence.EvidenceKind;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.drjenkins.engine.manifest.VerificationRecord;
import org.drjenkins.engine.restore.RecoveryTarget;
import org.drjenkins.engine.restore.VerifyOutcome;
import org.drjenkins.engine.restore.VerifyRequest;
import org.drjenkins.engine.restore.VerifyRestoreService;
import org.drjenkins.engine.paging.OperationIncidents;
import org.drjenkins.engine.wal.Lsn;

/**
 * drVerifyRestore on the agent: {@link VerifyRestoreService} restores the backup into a scratch place and checks it.
 * Its wall time is the measured RTO and the recovery point's age the RPO; an integrity-only check restores nothing
 * and so measures no RTO.
 */
public final class VerifyRestoreTask extends PlanTask {
    private static final long serialVersionUID = 1L;
    static final String STEP = "drVerifyRestore";

    private final String component;
    private final String backup;
    private final String target;
    private final boolean replace;
    private final boolean integrityOnly;
    private final String workDir;
    private final String toTime;
    private final String toLsn;
    private String war;
    private String plugins;
    private String controllerWar;

    /** A verification that replays a postgres-cluster's WAL to its end. */
    public VerifyRestoreTask(RunConfiguration configuration, AgentSecrets secrets, String component, String backup,
            String target, boolean replace, boolean integrityOnly, String workDir) {
        this(configuration, secrets, component, backup, target, replace, integrityOnly, workDir, null, null);
    }

    /**
     * @param backup  latest (when null), latest-verified or a backup id
     * @param target  restore into this existing server instead of an ephemeral cluster (postgres only), or null
     * @param workDir where temporary files and the ephemeral cluster go, relative to the workspace; null: the
     *                agent's temporary directory
     * @param toTime  postgres-cluster: replay WAL up to this ISO-8601 time with offset, or null
     * @param toLsn   postgres-cluster: replay WAL up to this position (e.g. 0/3000028), or null; not with toTime
     */
    public VerifyRestoreTask(RunConfiguration configuration, AgentSecrets secrets, String component, String backup,
            String target, boolean replace, boolean integrityOnly, String workDir, String toTime, String toLsn) {
        super(STEP, configuration, secrets);
        this.component = component;
        this.backup = backup;
        this.target = target;
        this.replace = replace;
        this.integrityOnly = integrityOnly;
        this.workDir = workDir;
        this.toTime = blankToNull(toTime);
        this.toLsn = blankToNull(toLsn);
    }

    /**
     * jenkins-home: the war that boots the restored home and the folder of plugin archives to install, both on the
     * agent (relative to the workspace); without a war, {@code controllerWar} (the running controller's own) when that
     * file is on the agent too, as it is on the built-in node.
     */
    public VerifyRestoreTask withJenkins(String newWar, String newPlugins, String newControllerWar) {
        this.war = blankToNull(newWar);
        this.plugins = blankToNull(newPlugins);
        this.controllerWar = blankToNull(newControllerWar);
        return this;
    }

    private Optional<Path> war(Path workspace) {
        if (war != null) {
            return Optional.of(workspace.resolve(war));
        }
        return Optional.ofNullable(controllerWar).map(Path::of).filter(java.nio.file.Files::isRegularFile);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** The step's arguments as the engine's request; relative paths resolve against the workspace. */
    public VerifyRequest request(Path workspace) throws StepFailure {
        return new VerifyRequest(component, backup == null || backup.isBlank() ? "latest" : backup.strip(),
                Optional.ofNullable(target).filter(t -> !t.isBlank()), replace, integrityOnly,
                Optional.ofNullable(workDir).filter(w -> !w.isBlank()).map(workspace::resolve), recoveryTarget())
                .withJenkins(war(workspace), Optional.ofNullable(plugins).map(workspace::resolve));
    }

    /**
     * How far to replay WAL, as {@code dr verify-restore --to-time/--to-lsn}. The step refused both at once before it
     * started; the texts are checked again here because a task may be built by other code than the step.
     */
    RecoveryTarget recoveryTarget() throws StepFailure {
        return recoveryTarget(STEP, toTime, toLsn);
    }

    /** The same parsing for {@code drRestore}'s toTime/toLsn, so both steps accept and refuse the same texts. */
    static RecoveryTarget recoveryTarget(String step, String toTime, String toLsn) throws StepFailure {
        if (toTime != null && toLsn != null) {
            throw new StepFailure(Messages.VerifyRestoreTask_toTimeAndToLsn(step));
        }
        if (toTime != null) {
            try {
                return RecoveryTarget.time(OffsetDateTime.parse(toTime).toInstant());
            } catch (DateTimeParseException e) {
                throw new StepFailure(Messages.VerifyRestoreTask_badToTime(step, toTime));
            }
        }
        if (toLsn != null) {
            try {
                return RecoveryTarget.lsn(Lsn.parse(toLsn));
            } catch (IllegalArgumentException e) {
                throw new StepFailure(Messages.VerifyRestoreTask_badToLsn(step, toLsn));
            }
        }
        return RecoveryTarget.END;
    }

    @Override
    protected AgentResult work(PlanRun run) throws StepFailure, InterruptedException {
        VerifyRestoreService service = new VerifyRestoreService(run.config(), run.secrets(), run.stores(),
                Clock.systemUTC(), run.progress());
        VerifyRequest request = request(run.workspace());
        VerifyOutcome outcome;
        // A backup proven bad pages the on-call when the plan has incident channels; never holds the step up.
        try (OperationIncidents incidents = OperationIncidents.forPlan(run.config(), run.stores(), run.environment(),
                run.progress())) {
            outcome = incidents.verification(component, () -> service.run(request));
        } catch (RuntimeException e) {
            throw run.failure(e, () -> Messages.VerifyRestoreTask_aborted(STEP, component));
        }
        if (Thread.interrupted()) {
            // The engine records an interrupted verification as failed; the build was aborted, not the backup.
            throw new InterruptedException(Messages.VerifyRestoreTask_aborted(STEP, component));
        }
        VerificationRecord record = outcome.record();
        run.out().println(Messages.VerifyRestoreTask_outcome(STEP, outcome.verified() ? 1 : 0, component,
                record.backupId(), record.mode()));
        // A run the environment failed (full scratch disk, missing tool, target past the archive) is no evidence
        // about the backup: the step fails, but nothing is recorded on the build against the backup.
        return new AgentResult(ResultMaps.verification(outcome), outcome.inconclusive() ? null : evidence(outcome),
                failure(outcome, run.masker()));
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
        if (outcome.inconclusive()) {
            return EngineMessages.forStep(STEP, Messages.VerifyRestoreTask_inconclusive(outcome.record().backupId(),
                    component, String.join("; ", outcome.record().failures())), masker);
        }
        return EngineMessages.forStep(STEP, Messages.VerifyRestoreTask_notVerified(outcome.record().backupId(),
                component, String.join("; ", outcome.record().failures())), masker);
    }
}
