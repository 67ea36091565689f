package org.drjenkins.engine.manifest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The proof that a backup restores (or the record that it did not), stored as {@code verification.json} beside the
 * manifest in every region holding the backup.
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
 */
public record VerificationRecord(String backupId, Instant verifiedAt, boolean passed, String mode, List<String> failures,
        Map<String, Double> phaseSeconds, double rtoSeconds, double rpoSeconds, long restoredBytes,
        List<CheckResult> checks, String host, String toolVersion) {

    /** One check run on the restored copy. */
    public record CheckResult(String name, boolean passed, String detail) {
    }
}
