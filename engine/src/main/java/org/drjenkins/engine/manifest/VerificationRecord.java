package org.drjenkins.engine.manifest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The proof that a backup restores (or the record that it did not). Every run is kept as history under
 * {@code verifications/} beside the manifest (appended, never replaced); the newest conclusive one is also
 * {@code verification.json} (or {@code integrity.json}), the record compliance reads, in every region holding the backup.
 * <p>
 * A run that failed because of where it ran (a full scratch disk, a missing tool, a recovery target the archive cannot
 * reach, an interruption) is {@linkplain #conclusive() inconclusive}: it is history, never evidence against the backup.
 *
 * @param backupId        the backup verified
 * @param verifiedAt      when the verification finished
 * @param passed          true only when integrity, restore and every check passed
 * @param mode            {@code integrity} or {@code restore}
 * @param failures        one line per failure, empty when passed
 * @param phaseSeconds    wall time per phase (fetch+verify, restore, checks)
 * @param rtoSeconds      total wall time of the restore: the measured RTO
 * @param rpoSeconds      age of the recovery point when verified
 * @param restoredBytes   raw bytes restored, for throughput forecasts
 * @param checks          each check with its result
 * @param host            the machine that ran it
 * @param toolVersion     the dr version
 * @param failedBy        who failed when not passed: the backup (digest, age authentication, restore errors, row
 *                        counts, checks) or the environment; null when passed, and in records written before this field
 *                        existed (they were all taken as the backup's failures, and still are)
 */
public record VerificationRecord(String backupId, Instant verifiedAt, boolean passed, String mode, List<String> failures,
        Map<String, Double> phaseSeconds, double rtoSeconds, double rpoSeconds, long restoredBytes,
        List<CheckResult> checks, String host, String toolVersion, FailedBy failedBy) {

    /** What a failed verification says failed. */
    public enum FailedBy {
        /** The backup itself: it does not restore, or the restored copy is wrong. */
        BACKUP,
        /** The place it ran in: says nothing about the backup. */
        ENVIRONMENT
    }

    /** A record as passed or failed by the backup itself. */
    public VerificationRecord(String backupId, Instant verifiedAt, boolean passed, String mode, List<String> failures,
            Map<String, Double> phaseSeconds, double rtoSeconds, double rpoSeconds, long restoredBytes,
            List<CheckResult> checks, String host, String toolVersion) {
        this(backupId, verifiedAt, passed, mode, failures, phaseSeconds, rtoSeconds, rpoSeconds, restoredBytes, checks, host,
                toolVersion, passed ? null : FailedBy.BACKUP);
    }

    /** Passed, or failed because of the backup: evidence about the backup either way. */
    public boolean conclusive() {
        return passed || failedBy != FailedBy.ENVIRONMENT;
    }

    /** The same run, recorded as failed by its environment rather than by the backup. */
    public VerificationRecord failedByEnvironment() {
        return new VerificationRecord(backupId, verifiedAt, false, mode, failures, phaseSeconds, rtoSeconds, rpoSeconds, restoredBytes,
                checks, host, toolVersion, FailedBy.ENVIRONMENT);
    }

    /** One check run on the restored copy. */
    public record CheckResult(String name, boolean passed, String detail) {
    }
}
