package org.drjenkins.engine.drill;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.drjenkins.engine.backup.BackupRequest;
import org.drjenkins.engine.backup.BackupResult;
import org.drjenkins.engine.backup.BackupService;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.failover.Seconds;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.restore.VerifyOutcome;
import org.drjenkins.engine.restore.VerifyRequest;
import org.drjenkins.engine.restore.VerifyRestoreService;
import org.drjenkins.engine.util.ByteSizes;

/**
 * The backup-restore drill: a fresh backup of every component (copied to every region, old backups left alone), then a
 * verified restore of it; the restore's wall time is the RTO, the recovery point's age the RPO. Every component is
 * drilled and reported even when an earlier one fails.
 */
final class BackupRestoreDrill {

    private final DrConfig config;
    private final DrillTools tools;
    private final Clock clock;
    private final Progress progress;

    final List<ComponentResult> components = new ArrayList<>();

    BackupRestoreDrill(DrConfig config, DrillTools tools, Clock clock, Progress progress) {
        this.config = config;
        this.tools = tools;
        this.clock = clock;
        this.progress = progress;
    }

    void run(PhaseRunner phases) {
        if (config.components().isEmpty()) {
            phases.run("backup", null, () -> {
                throw new PhaseFailedException("no components to back up: add components: to dr.yaml");
            });
            return;
        }
        BackupService backups = new BackupService(config, tools.secrets(), tools.stores(), clock, progress);
        VerifyRestoreService verifier = new VerifyRestoreService(config, tools.secrets(), tools.stores(), clock, progress);
        // Components are independent: one that fails is reported, and every other one is still backed up and verified.
        for (String component : config.components().keySet()) {
            VerifyOutcome[] outcome = new VerifyOutcome[1];
            boolean[] stored = new boolean[1];
            phases.runIndependently("backup " + component, component, () -> {
                BackupResult result = backups.run(new BackupRequest(component, false, true));
                stored[0] = true;
                if (!result.fullySucceeded()) {
                    throw new PhaseFailedException("backup " + result.manifest().backupId() + " stored, but copies failed: "
                            + String.join("; ", result.copyFailures()));
                }
                return result.manifest().backupId() + ": " + ByteSizes.human(result.manifest().storedBytes())
                        + " stored in " + String.join(", ", result.regions()) + " in " + Seconds.text(result.durationSeconds());
            });
            if (stored[0]) {
                // A backup stored in the primary but not copied everywhere is still verified: it is the one a restore uses.
                phases.runIndependently("verify-restore " + component, component, () -> {
                    VerifyOutcome o = verifier.run(VerifyRequest.latest(component));
                    outcome[0] = o;
                    if (!o.verified()) {
                        throw new PhaseFailedException("backup " + o.record().backupId() + " did not restore: "
                                + String.join("; ", o.record().failures()));
                    }
                    return o.record().backupId() + " restored and checked (" + o.record().mode() + ") in "
                            + Seconds.text(o.record().rtoSeconds());
                });
            } else {
                // "latest" would now be an older backup: verifying it would prove nothing about this drill.
                phases.skip("verify-restore " + component, component, "the backup of " + component + " was not stored");
            }
            VerifyOutcome o = outcome[0];
            boolean verified = o != null && o.verified();
            components.add(new ComponentResult(component, verified ? o.record().rtoSeconds() : null,
                    Seconds.of(config.targetsFor(component).rto()), verified ? o.record().rpoSeconds() : null,
                    Seconds.of(config.targetsFor(component).rpo()), true, verified
                    ? "RTO: the verified restore's wall time; RPO: the recovery point's age when verified"
                    : !stored[0] ? "the backup failed, so nothing was verified"
                    : o == null ? "the verification did not run to the end"
                    : "the backup did not pass its verification: " + String.join("; ", o.record().failures())));
        }
    }
}
