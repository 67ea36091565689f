package org.drjenkins.engine.restore;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A real restore: which backup, from which region, and where it goes. Each component type reads only its own target
 * ({@code to} for a file tree, {@code target} for postgres, {@code dataDir} for postgres-cluster, {@code output} for a
 * command); giving another type's target is bad input.
 *
 * @param component      the component's name
 * @param backup         {@code latest} (default), {@code latest-verified} or a backup id
 * @param region         read backup, manifest and WAL from this region's bucket; empty: the primary's
 * @param anyRegion      when the region's store does not answer, try the next region in the plan's order
 * @param to             directory components (any tar tree): the directory to restore into
 * @param target         postgres: the database URL to restore into ({@code postgresql://user@host:port/db})
 * @param dataDir        postgres-cluster: the data directory to restore into
 * @param output         command: the file to write; empty: the caller's standard output
 * @param recoveryTarget postgres-cluster: how far to replay the archived WAL
 * @param replace        the target may exist and hold data: it is replaced (never merged)
 * @param confirm        the operator's consent to replace a target that is in use
 * @param diff           directory: show what would change, write nothing
 * @param noOwner        postgres: objects belong to the restoring user (pg_restore --no-owner)
 * @param noAcl          postgres: no GRANTs restored (pg_restore --no-acl)
 * @param jobs           postgres: pg_restore parallelism; 0 means one per processor
 * @param start          postgres-cluster: start the server and wait until it reached the target
 * @param port           postgres-cluster with start: the port it listens on
 * @param pauseAtTarget  postgres-cluster: pause at the target instead of promoting
 * @param workDir        where the verified local copy is kept while restoring; the system temp dir when empty
 * @param walFetch       postgres-cluster: the {@code dr wal-fetch} command up to its own options, e.g.
 *                       {@code /opt/dr/dr wal-fetch --config /etc/dr/dr.yaml}; the restore adds component, region, %f %p
 */
public record RestoreRequest(String component, String backup, Optional<String> region, boolean anyRegion, Optional<Path> to,
        Optional<String> target, Optional<Path> dataDir, Optional<Path> output, RecoveryTarget recoveryTarget, boolean replace,
        boolean confirm, boolean diff, boolean noOwner, boolean noAcl, int jobs, boolean start, Optional<Integer> port,
        boolean pauseAtTarget, Optional<Path> workDir, Optional<String> walFetch) {

    public RestoreRequest {
        backup = backup == null || backup.isBlank() ? "latest" : backup;
        region = region == null ? Optional.empty() : region;
        to = to == null ? Optional.empty() : to;
        target = target == null ? Optional.empty() : target;
        dataDir = dataDir == null ? Optional.empty() : dataDir;
        output = output == null ? Optional.empty() : output;
        recoveryTarget = recoveryTarget == null ? RecoveryTarget.END : recoveryTarget;
        port = port == null ? Optional.empty() : port;
        workDir = workDir == null ? Optional.empty() : workDir;
        walFetch = walFetch == null ? Optional.empty() : walFetch;
    }

    /** The latest backup of {@code component} from the primary region, to no target yet. */
    public static RestoreRequest of(String component) {
        return new RestoreRequest(component, "latest", Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), RecoveryTarget.END, false, false, false, false, false, 0, false, Optional.empty(), false,
                Optional.empty(), Optional.empty());
    }

    public RestoreRequest withBackup(String value) {
        return new RestoreRequest(component, value, region, anyRegion, to, target, dataDir, output, recoveryTarget, replace, confirm, diff,
                noOwner, noAcl, jobs, start, port, pauseAtTarget, workDir, walFetch);
    }

    public RestoreRequest withRegion(String value, boolean fallBack) {
        return new RestoreRequest(component, backup, Optional.ofNullable(value), fallBack, to, target, dataDir, output, recoveryTarget,
                replace, confirm, diff, noOwner, noAcl, jobs, start, port, pauseAtTarget, workDir, walFetch);
    }

    public RestoreRequest withTo(Path value) {
        return new RestoreRequest(component, backup, region, anyRegion, Optional.ofNullable(value), target, dataDir, output,
                recoveryTarget, replace, confirm, diff, noOwner, noAcl, jobs, start, port, pauseAtTarget, workDir, walFetch);
    }

    public RestoreRequest withTarget(String value) {
        return new RestoreRequest(component, backup, region, anyRegion, to, Optional.ofNullable(value), dataDir, output, recoveryTarget,
                replace, confirm, diff, noOwner, noAcl, jobs, start, port, pauseAtTarget, workDir, walFetch);
    }

    public RestoreRequest withDataDir(Path value) {
        return new RestoreRequest(component, backup, region, anyRegion, to, target, Optional.ofNullable(value), output, recoveryTarget,
                replace, confirm, diff, noOwner, noAcl, jobs, start, port, pauseAtTarget, workDir, walFetch);
    }

    public RestoreRequest withOutput(Path value) {
        return new RestoreRequest(component, backup, region, anyRegion, to, target, dataDir, Optional.ofNullable(value), recoveryTarget,
                replace, confirm, diff, noOwner, noAcl, jobs, start, port, pauseAtTarget, workDir, walFetch);
    }

    public RestoreRequest withRecoveryTarget(RecoveryTarget value) {
        return new RestoreRequest(component, backup, region, anyRegion, to, target, dataDir, output, value, replace, confirm, diff,
                noOwner, noAcl, jobs, start, port, pauseAtTarget, workDir, walFetch);
    }

    /** Replace a target holding data; {@code confirmed}: even while it is in use. */
    public RestoreRequest withReplace(boolean value, boolean confirmed) {
        return new RestoreRequest(component, backup, region, anyRegion, to, target, dataDir, output, recoveryTarget, value, confirmed,
                diff, noOwner, noAcl, jobs, start, port, pauseAtTarget, workDir, walFetch);
    }

    public RestoreRequest withDiff(boolean value) {
        return new RestoreRequest(component, backup, region, anyRegion, to, target, dataDir, output, recoveryTarget, replace, confirm,
                value, noOwner, noAcl, jobs, start, port, pauseAtTarget, workDir, walFetch);
    }

    public RestoreRequest withRoles(boolean withoutOwner, boolean withoutAcl, int parallelJobs) {
        return new RestoreRequest(component, backup, region, anyRegion, to, target, dataDir, output, recoveryTarget, replace, confirm,
                diff, withoutOwner, withoutAcl, parallelJobs, start, port, pauseAtTarget, workDir, walFetch);
    }

    public RestoreRequest withStart(boolean value, Integer onPort, boolean pause) {
        return new RestoreRequest(component, backup, region, anyRegion, to, target, dataDir, output, recoveryTarget, replace, confirm,
                diff, noOwner, noAcl, jobs, value, Optional.ofNullable(onPort), pause, workDir, walFetch);
    }

    public RestoreRequest withWorkDir(Path value) {
        return new RestoreRequest(component, backup, region, anyRegion, to, target, dataDir, output, recoveryTarget, replace, confirm,
                diff, noOwner, noAcl, jobs, start, port, pauseAtTarget, Optional.ofNullable(value), walFetch);
    }

    public RestoreRequest withWalFetch(String value) {
        return new RestoreRequest(component, backup, region, anyRegion, to, target, dataDir, output, recoveryTarget, replace, confirm,
                diff, noOwner, noAcl, jobs, start, port, pauseAtTarget, workDir, Optional.ofNullable(value));
    }
}
