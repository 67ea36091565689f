package org.drjenkins.engine.backup;

/**
 * What to back up and how.
 *
 * @param component      the component's name in the configuration
 * @param skipCopies     store only in the primary region (a drill's quick backup); default false
 * @param skipRetention  leave old backups alone this time; default false
 */
public record BackupRequest(String component, boolean skipCopies, boolean skipRetention) {

    public static BackupRequest of(String component) {
        return new BackupRequest(component, false, false);
    }
}
