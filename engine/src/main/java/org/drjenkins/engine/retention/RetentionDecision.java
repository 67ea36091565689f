package org.drjenkins.engine.retention;

import org.drjenkins.engine.manifest.BackupEntry;

/** What retention does with one backup, and why (printed by {@code --dry-run} and the backup log). */
public record RetentionDecision(BackupEntry entry, boolean delete, String reason) {
}
