package org.drjenkins.engine.manifest;

/**
 * Where things live in a bucket: {@code <component>/<backupId>/} holds the artifacts, {@code manifest.json} (written
 * last), {@code replicas.json}, once proven {@code verification.json}, and every verification run under
 * {@code verifications/}.
 */
public final class BackupLayout {

    public static final String MANIFEST = "manifest.json";
    public static final String REPLICAS = "replicas.json";
    public static final String VERIFICATION = "verification.json";
    /** Integrity-only checks go to their own record, so a cheap daily check never overwrites restore evidence. */
    public static final String INTEGRITY = "integrity.json";
    /** Every verification run, conclusive or not, as its own object under this folder of the backup. */
    public static final String VERIFICATION_HISTORY = "verifications/";

    private BackupLayout() {
    }

    public static String componentPrefix(String component) {
        return component + "/";
    }

    public static String folder(String component, BackupId id) {
        return component + "/" + id.value() + "/";
    }

    public static String artifactKey(String component, BackupId id, String fileName) {
        return folder(component, id) + fileName;
    }

    public static String manifestKey(String component, BackupId id) {
        return folder(component, id) + MANIFEST;
    }

    public static String replicasKey(String component, BackupId id) {
        return folder(component, id) + REPLICAS;
    }

    public static String verificationKey(String component, BackupId id) {
        return folder(component, id) + VERIFICATION;
    }

    public static String integrityKey(String component, BackupId id) {
        return folder(component, id) + INTEGRITY;
    }

    /**
     * Whether {@code key} names a file directly inside the backup's folder. Object keys are not paths, but stores and
     * tools may normalise them: a manifest's {@code ../../x} or {@code other/…} must never be fetched, so a manifest
     * naming one is damaged.
     */
    public static boolean isInsideFolder(String component, BackupId id, String key) {
        String folder = folder(component, id);
        if (key == null || !key.startsWith(folder)) {
            return false;
        }
        String name = key.substring(folder.length());
        return !name.isEmpty() && !".".equals(name) && !"..".equals(name) && name.indexOf('/') < 0
                && name.indexOf('\\') < 0 && name.chars().noneMatch(Character::isISOControl);
    }

    /** Where every verification run of a backup is kept, one object each: history is appended, never replaced. */
    public static String verificationHistoryPrefix(String component, BackupId id) {
        return folder(component, id) + VERIFICATION_HISTORY;
    }

    /**
     * One run's key: its end time first, so keys sort by time, then its mode, then a random part, so two runs that
     * end in the same millisecond (two regions' schedulers) never overwrite each other.
     */
    public static String verificationHistoryKey(String component, BackupId id, java.time.Instant verifiedAt, String mode, String unique) {
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(java.time.ZoneOffset.UTC)
                .format(verifiedAt);
        return verificationHistoryPrefix(component, id) + stamp + "-" + mode + "-" + unique + ".json";
    }

    /** Every real restore of a backup ({@code dr restore}), one object each under this folder of the backup. */
    public static final String RESTORE_HISTORY = "restores/";

    public static String restoreHistoryPrefix(String component, BackupId id) {
        return folder(component, id) + RESTORE_HISTORY;
    }

    /** One restore's key: its end time first (keys sort by time), then a random part (two restores never collide). */
    public static String restoreHistoryKey(String component, BackupId id, java.time.Instant restoredAt, String unique) {
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(java.time.ZoneOffset.UTC)
                .format(restoredAt);
        return restoreHistoryPrefix(component, id) + stamp + "-restore-" + unique + ".json";
    }

    /** The backup id of a folder key such as {@code database/20260125T021500Z-3f9a/}. */
    public static java.util.Optional<BackupId> idOfFolder(String folderKey) {
        String trimmed = folderKey.endsWith("/") ? folderKey.substring(0, folderKey.length() - 1) : folderKey;
        return BackupId.parse(trimmed.substring(trimmed.lastIndexOf('/') + 1));
    }
}
