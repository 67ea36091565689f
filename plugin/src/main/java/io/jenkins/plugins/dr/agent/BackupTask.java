package io.jenkins.plugins.dr.agent;

import io.jenkins.plugins.dr.evidence.Evidence;
import io.jenkins.plugins.dr.evidence.EvidenceKind;
import java.io.PrintStream;
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
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.StoreConnector;
import org.drjenkins.engine.storage.StoreProvider;

/**
 * drBackup on the agent: {@link BackupService} with the plan and secrets the controller sent. The evidence is the
 * recovery point's age when the backup completed (how much data a restore of it loses at best); a backup measures no
 * restore time.
 */
public final class BackupTask implements AgentTask {
    private static final long serialVersionUID = 1L;
    static final String STEP = "drBackup";

    private final RunConfiguration configuration;
    private final AgentSecrets secrets;
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
        this.configuration = configuration;
        this.secrets = secrets;
        this.component = component;
        this.skipCopies = skipCopies;
        this.skipRetention = skipRetention;
        this.controllerHome = controllerHome;
    }

    @Override
    public String stepName() {
        return STEP;
    }

    /** The step's arguments as the engine's request. */
    public BackupRequest request() {
        return new BackupRequest(component, skipCopies, skipRetention);
    }

    @Override
    public SecretMasker masker() {
        return secrets.masker();
    }

    @Override
    public AgentResult run(Path workspace, PrintStream log) throws StepFailure, InterruptedException {
        SecretMasker masker = secrets.masker();
        PrintStream out = masker.wrap(log);
        try {
            DrConfig config = configuration.load(workspace, STEP);
            if (controllerHome != null) {
                config = config.withControllerHome(component, Path.of(controllerHome));
            }
            Secrets engineSecrets = secrets.toEngine();
            Clock clock = Clock.systemUTC();
            BuildLogProgress progress = new BuildLogProgress(out, STEP);
            StoreProvider stores = region -> StoreConnector.connect(region, engineSecrets.aws());
            BackupService service = new BackupService(config, engineSecrets, stores, clock, progress);
            BackupResult result;
            // A failed backup pages the on-call when the plan has incident channels; never holds the step up.
            try (OperationIncidents incidents = OperationIncidents.forPlan(config, stores, secrets.environmentOver(System.getenv()), progress)) {
                result = incidents.backup(component, () -> service.run(request()));
            } catch (RuntimeException e) {
                if (Thread.interrupted()) {
                    throw new InterruptedException(Messages.BackupTask_aborted(STEP, component));
                }
                throw EngineMessages.failure(STEP, e, masker);
            }
            out.println(Messages.BackupTask_stored(STEP, result.manifest().backupId(), component, result.location(),
                    String.join(", ", result.regions())));
            return new AgentResult(ResultMaps.backup(result), evidence(result, config.targetsFor(component), clock.instant()),
                    copyFailure(result, masker));
        } finally {
            out.flush();
        }
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
