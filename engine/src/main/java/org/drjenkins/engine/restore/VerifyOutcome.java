package org.drjenkins.engine.restore;

import java.time.Instant;
import java.util.List;
import org.drjenkins.engine.config.Targets;
import org.drjenkins.engine.manifest.VerificationRecord;

/**
 * The result of a verification with the evidence it measured.
 *
 * @param component    the component
 * @param record       what was stored as verification.json (or integrity.json)
 * @param targets      the component's RTO/RPO targets
 * @param consistentAt the backup's recovery point
 * @param recordedIn   regions where the record became the backup's current record; empty when the run proved nothing
 *                     about the backup (an age identity that is not one of its recipients, a full scratch disk, a
 *                     missing tool, a recovery target past the archive): such a run is at most kept as history
 */
public record VerifyOutcome(String component, VerificationRecord record, Targets targets, Instant consistentAt, List<String> recordedIn) {

    public boolean verified() {
        return record.passed();
    }

    /** Failed because of where it ran, not because of the backup: not recorded as a failed backup. */
    public boolean inconclusive() {
        return !record.conclusive();
    }

    public double rtoTargetSeconds() {
        return targets.rto().toMillis() / 1000.0;
    }

    public double rpoTargetSeconds() {
        return targets.rpo().toMillis() / 1000.0;
    }

    /** Verified, restored within the RTO target, and the recovery point no older than the RPO target. */
    public boolean compliant() {
        return verified() && "restore".equals(record.mode()) && record.rtoSeconds() <= rtoTargetSeconds()
                && record.rpoSeconds() <= rpoTargetSeconds();
    }
}
