package org.drjenkins.engine.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.config.Durations;
import org.drjenkins.engine.manifest.BackupEntry;
import org.drjenkins.engine.manifest.BackupLayout;

/**
 * Decides which backups of one component in one region may go. Pure: it reads entries, deletes nothing.
 * <p>
 * Kept always: every backup inside the retention window, the newest backup with a passing verification record (the
 * last one proven to restore), and the newest complete backup (so retention alone never empties a bucket). Unfinished
 * folders (no manifest) are removed once they are a day old: a running backup never takes that long to write its
 * manifest, so older ones are leftovers of failed runs. A damaged folder (a manifest that does not parse, or names keys
 * outside its folder) is never deleted: whether it is a backup worth repairing or rubbish is for a person to decide, and
 * it never counts as the newest complete or verified backup that protects the others.
 */
public final class RetentionPlanner {

    static final Duration UNFINISHED_GRACE = Duration.ofDays(1);
    /** How every decision about a damaged folder begins. */
    public static final String DAMAGED_PREFIX = "DAMAGED: ";

    private RetentionPlanner() {
    }

    /** {@code entries} oldest first, as {@link org.drjenkins.engine.manifest.BackupCatalog#list} gives them. */
    public static List<RetentionDecision> plan(List<BackupEntry> entries, Instant now, Duration retention) {
        Instant windowStart = now.minus(retention);
        Optional<BackupEntry> newestVerified = newest(entries, true);
        Optional<BackupEntry> newestComplete = newest(entries, false);
        List<RetentionDecision> decisions = new ArrayList<>();
        for (BackupEntry entry : entries) {
            decisions.add(decide(entry, now, windowStart, retention, newestVerified, newestComplete));
        }
        return decisions;
    }

    private static RetentionDecision decide(BackupEntry entry, Instant now, Instant windowStart, Duration retention,
            Optional<BackupEntry> newestVerified, Optional<BackupEntry> newestComplete) {
        Instant started = entry.id().startedAt();
        if (entry.damaged()) {
            return new RetentionDecision(entry, false, DAMAGED_PREFIX + String.join("; ", entry.damage())
                    + ": kept until a person decides (repair it, or delete " + BackupLayout.folder(entry.component(), entry.id())
                    + " by hand)");
        }
        if (!entry.complete()) {
            return started.isBefore(now.minus(UNFINISHED_GRACE))
                    ? new RetentionDecision(entry, true, "unfinished backup (no manifest) left by a failed run")
                    : new RetentionDecision(entry, false, "unfinished, may still be running");
        }
        if (!started.isBefore(windowStart)) {
            return new RetentionDecision(entry, false, "inside the " + Durations.format(retention) + " retention window");
        }
        if (newestVerified.map(v -> v.id().equals(entry.id())).orElse(false)) {
            return new RetentionDecision(entry, false, "newest backup with a passing verification");
        }
        if (newestComplete.map(v -> v.id().equals(entry.id())).orElse(false)) {
            return new RetentionDecision(entry, false, "newest complete backup");
        }
        return new RetentionDecision(entry, true, "older than " + Durations.format(retention));
    }

    private static Optional<BackupEntry> newest(List<BackupEntry> entries, boolean verified) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            BackupEntry e = entries.get(i);
            if (e.complete() && (!verified || e.verifiedPassing())) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
