package org.drjenkins.engine.manifest;

import java.time.Instant;

/**
 * The evidence of one real restore ({@code dr restore}): what was restored where, from which region, and how long it
 * took. Its duration is the RTO of a real recovery, as a verification's is of a rehearsed one. Kept under
 * {@code restores/} beside the manifest of the backup, in the region it was read from; appended, never replaced.
 *
 * @param kind          always {@code restore}
 * @param backupId      the backup restored
 * @param component     its component
 * @param restoredAt    when the restore finished
 * @param region        the region whose bucket the backup (and WAL) came from
 * @param target        where it went, without credentials (a directory, a database URL without password, a file)
 * @param seconds       wall time from the start of the fetch to the finished target: the measured RTO
 * @param restoredBytes raw bytes of the artifact restored
 * @param recoveryPoint the point in time the restored data reflects (the backup's, or the one WAL replay reached)
 * @param detail        one line on what changed (files added/changed/removed, rows, recovery position)
 * @param host          the machine that ran it
 * @param toolVersion   the dr version
 */
public record RestoreRecord(String kind, String backupId, String component, Instant restoredAt, String region, String target,
        double seconds, long restoredBytes, Instant recoveryPoint, String detail, String host, String toolVersion) {

    public static final String KIND = "restore";
}
