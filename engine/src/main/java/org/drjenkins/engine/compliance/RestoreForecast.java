package org.drjenkins.engine.compliance;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.manifest.BackupEntry;
import org.drjenkins.engine.manifest.VerificationRecord;

/**
 * Expected restore time of a backup from the throughput past restores achieved (median bytes per second), so a
 * database that outgrows its RTO is flagged before a restore measures it.
 */
final class RestoreForecast {

    private RestoreForecast() {
    }

    static Optional<Double> seconds(List<BackupEntry> history, BackupEntry newest, Instant at) {
        List<Double> throughputs = history.stream().map(BackupEntry::verification).flatMap(Optional::stream)
                .filter(v -> v.passed() && "restore".equals(v.mode()) && v.rtoSeconds() > 0 && v.restoredBytes() > 0)
                .filter(v -> !v.verifiedAt().isAfter(at))
                .map(v -> v.restoredBytes() / v.rtoSeconds()).sorted().toList();
        if (throughputs.isEmpty() || newest.manifest().isEmpty()) {
            return Optional.empty();
        }
        double median = throughputs.get(throughputs.size() / 2);
        return Optional.of(newest.manifest().get().rawBytes() / median);
    }

    /** For tests and reports: the throughput of one record. */
    static double throughput(VerificationRecord record) {
        return record.restoredBytes() / record.rtoSeconds();
    }
}
