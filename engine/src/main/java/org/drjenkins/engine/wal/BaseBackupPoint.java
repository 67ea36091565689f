package org.drjenkins.engine.wal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.config.ComponentType;
import org.drjenkins.engine.manifest.BackupId;
import org.drjenkins.engine.manifest.Manifest;

/**
 * Where a physical base backup sits in the WAL: recovery from it starts at {@code startLsn} on {@code timeline}, needs
 * every segment from there on, and is consistent once replay passes {@code stopLsn}. Written into the manifest's
 * {@code source} by the base backup source and read back by restore, retention and compliance.
 *
 * @param backupId     the backup
 * @param timeline     the timeline the backup started on
 * @param startLsn     the backup's start (its checkpoint's redo point)
 * @param stopLsn      the backup's end: the earliest point a restore from it can stop at
 * @param segmentSize  the server's {@code wal_segment_size}
 * @param consistentAt when the backup had finished: restore targets before this cannot use it
 */
public record BaseBackupPoint(BackupId backupId, long timeline, Lsn startLsn, Lsn stopLsn, long segmentSize, Instant consistentAt) {

    public static final String TIMELINE = "timeline";
    public static final String START_LSN = "startLsn";
    public static final String STOP_LSN = "stopLsn";
    public static final String START_SEGMENT = "startWalSegment";
    public static final String STOP_SEGMENT = "stopWalSegment";
    public static final String SEGMENT_SIZE = "walSegmentSize";

    /** The point of a postgres-cluster backup's manifest, or empty for any other manifest. */
    public static Optional<BaseBackupPoint> of(Manifest manifest) {
        if (!ComponentType.POSTGRES_CLUSTER.yamlName().equals(manifest.sourceType()) || manifest.source() == null) {
            return Optional.empty();
        }
        Map<String, Object> source = manifest.source();
        if (!(source.get(TIMELINE) instanceof Number timeline) || !(source.get(START_LSN) instanceof String start)
                || !(source.get(STOP_LSN) instanceof String stop)) {
            return Optional.empty();
        }
        long segmentSize = source.get(SEGMENT_SIZE) instanceof Number size ? size.longValue() : WalFileName.DEFAULT_SEGMENT_SIZE;
        return Optional.of(new BaseBackupPoint(BackupId.parse(manifest.backupId()).orElseThrow(), timeline.longValue(), Lsn.parse(start),
                Lsn.parse(stop), segmentSize, manifest.consistentAt()));
    }

    /** The facts a base backup source records, under the keys {@link #of} reads. */
    public static Map<String, Object> metadata(long timeline, Lsn startLsn, Lsn stopLsn, long segmentSize) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(TIMELINE, timeline);
        metadata.put(START_LSN, startLsn.toString());
        metadata.put(STOP_LSN, stopLsn.toString());
        metadata.put(START_SEGMENT, WalFileName.segmentOf(timeline, startLsn, segmentSize).name());
        metadata.put(STOP_SEGMENT, WalFileName.segment(timeline, stopLsn.previousSegmentNumber(segmentSize), segmentSize).name());
        metadata.put(SEGMENT_SIZE, segmentSize);
        return metadata;
    }

    public long startSegment() {
        return startLsn.segmentNumber(segmentSize);
    }

    /** The last segment the backup itself needs. */
    public long stopSegment() {
        return stopLsn.previousSegmentNumber(segmentSize);
    }

    public WalFileName startSegmentName() {
        return WalFileName.segment(timeline, startSegment(), segmentSize);
    }

    /** Whether the archive holds every segment from this backup's start to the archive's newest. */
    public WalContinuity continuity(java.util.List<ArchivedWal> archive) {
        return WalContinuity.check(archive, timeline, startSegment(), stopSegment(), segmentSize);
    }
}
