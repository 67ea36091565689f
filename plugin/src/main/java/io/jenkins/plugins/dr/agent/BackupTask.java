package io.jenkins.plugins.dr.agent;

import io.jenkins.plugins.dr.evidence.Evidence;
import io.jenkins.plugins.dr.evidence.EvidenceKind;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.drjenkins.engine.backup.BackupRequest;
import org.drjenkins.engine.backup.BackupResult;
import org.drjenkins.engine.backup.BackupService;
import org.drjenkins.engine.compliance.Verdict;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Targets;
import org.drjenkins.engine.paging.OperationIncidents;

/**
 * drBackup on the agent: {@link BackupService} with the plan and secrets the controller sent. The evidence is the
 * recovery point's age when the backup completed (how much data a restore of it loses at best); a backup measures no
 * restore time.
 */
public final class BackupTask extends PlanTask {
    private static final long serialVersionUID = 1L;
    static final String STEP = "drBackup";

    private final String component;
    private final boolean skipCopies;
    private final boolean skipRetention;
    /** The controller's JENKINS_HOME when the step runs on the built-in node, else null (see {@link DrConfig#withControllerHome}). */
    private final String controllerHome;

    public BackupTask(RunConfiguration configuration, AgentSecrets secrets, String component, boolean skipCopies,
            boolean skipRetention) {
        this(configuration, secrets, component, skipCopies, skipRetention, null);
    }

    public BackupTask(RunConfiguration configuration, AgentSecrets secrets, String component, boolean skipCopies,
            boolean skipRetention, String controllerHome) {
        super(STEP, configuration, secrets);
        this.component = component;
        this.skipCopies = skipCopies;
        this.skipRetention = skipRetention;
        this.controllerHome = controllerHome;
    }

    /** The step's arguments as the engine's request. */
    public BackupRequest request() {
        return new BackupRequest(component, skipCopies, skipRetention);
    }

    @Override
    protected AgentResult work(PlanRun run) throws StepFailure, InterruptedException {
        DrConfig config = controllerHome == null ? run.config()
                : run.config().withControllerHome(component, Path.of(controllerHome));
        Clock clock = Clock.systemUTC();
        BackupService service = new BackupService(config, run.secrets(), run.stores(), clock, run.progress());
        BackupResult result;
        // A failed backup pages the on-call when the plan has incident channels; never holds the step up.
        try (OperationIncidents incidents = OperationIncidents.forPlan(config, run.stores(), run.environment(), run.progress())) {
            result = incidents.backup(component, () -> service.run(request()));
        } catch (RuntimeException e) {
            throw run.failure(e, () -> Messages.BackupTask_aborted(STEP, component));
        }
        run.out().println(Messages.BackupTask_stored(STEP, result.manifest().backupId(), component, result.location(),
                String.join(", ", result.regions())));
        return new AgentResult(ResultMaps.backup(result), evidence(result, config.targetsFor(component), clock.instant()),
                copyFailure(result, run.masker()));
    }

    private Evidence evidence(BackupResult result, Targets targets, Instant now) {
        double rpo = Duration.between(result.consistentAt(), now).toMillis() / 1000.0;
        Evidence evidence = Evidence.measured(component, EvidenceKind.BACKUP, true, result.manifest().backupId(), rpo,
                seconds(targets.rpo()), null, seconds(targets.rto()), now.toEpochMilli(),
                "stored in " + String.join(", ", result.regions()));
        // Complete in the primary but missing elsewhere: a region outage would lose this recovery point.
        return result.fullySucceeded() ? evidence : evidence.withVerdict(evidence.verdict().worse(Verdict.AT_RISK));
    }

    private static String copyFailure(BackupResult result, SecretMasker masker) {
        if (result.fullySucceeded()) {
            return null;
        }
        return EngineMessages.forStep(STEP, Messages.BackupTask_copiesFailed(result.manifest().backupId(),
                result.manifest().primaryRegion(), String.join("; ", result.copyFailures())), masker);
    }

    static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
