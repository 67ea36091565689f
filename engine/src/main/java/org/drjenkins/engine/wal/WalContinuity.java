package org.drjenkins.engine.wal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Whether the archive holds an unbroken run of segments from a starting point (a base backup's first segment) to its
 * newest segment: a point-in-time restore replays every segment in order and stops at the first one missing.
 * <p>
 * A promotion continues the WAL on a new timeline from the segment where the old one forked (the old timeline's copy
 * of that segment is archived as {@code .partial}). Timelines are followed by presence: at each position a segment on
 * the current timeline or a later one continues the run. Pure: works on a listing.
 *
 * @param start        the first segment required
 * @param newest       the newest segment in the run's timelines, empty when there is none at all
 * @param missing      the first missing segments, in order (at most {@link #MAX_NAMED})
 * @param missingCount how many segments are missing in all
 */
public record WalContinuity(WalFileName start, Optional<WalFileName> newest, List<WalFileName> missing, long missingCount) {

    static final int MAX_NAMED = 20;

    public boolean unbroken() {
        return missingCount == 0;
    }

    /**
     * @param archive       the archive listing
     * @param startTimeline the timeline of the starting point
     * @param startSegment  the number of the first segment required
     * @param requiredUntil the number of a segment that must be present even when the archive ends before it (a base
     *                      backup's last segment); pass {@code startSegment} when only the archive's own end matters
     */
    public static WalContinuity check(List<ArchivedWal> archive, long startTimeline, long startSegment, long requiredUntil,
            long segmentSize) {
        Map<Long, TreeSet<Long>> timelinesBySegment = new TreeMap<>();
        WalFileName newest = null;
        long newestNumber = -1;
        for (ArchivedWal wal : archive) {
            WalFileName file = wal.file();
            if (!file.isSegment() || file.timeline() < startTimeline) {
                continue;
            }
            long number = file.segmentNumber(segmentSize);
            if (number < startSegment) {
                continue;
            }
            timelinesBySegment.computeIfAbsent(number, n -> new TreeSet<>()).add(file.timeline());
            if (number > newestNumber || (number == newestNumber && file.timeline() > newest.timeline())) {
                newestNumber = number;
                newest = file;
            }
        }
        long end = Math.max(newestNumber, requiredUntil);
        List<WalFileName> missing = new ArrayList<>();
        long missingCount = 0;
        long timeline = startTimeline;
        for (long number = startSegment; number <= end; number++) {
            TreeSet<Long> timelines = timelinesBySegment.get(number);
            Long next = timelines == null ? null : timelines.ceiling(timeline);
            if (next == null) {
                missingCount++;
                if (missing.size() < MAX_NAMED) {
                    missing.add(WalFileName.segment(timeline, number, segmentSize));
                }
            } else {
                timeline = next;
            }
        }
        return new WalContinuity(WalFileName.segment(startTimeline, startSegment, segmentSize), Optional.ofNullable(newest),
                List.copyOf(missing), missingCount);
    }

    /** "000000010000000000000005 is missing" or "000000010000000000000005 and 3 more segments are missing". */
    public String describeGap() {
        if (unbroken()) {
            return "no segment missing";
        }
        return missing.get(0).name() + (missingCount == 1 ? " is missing" : " and " + (missingCount - 1) + " more segment"
                + (missingCount == 2 ? " are" : "s are") + " missing");
    }
}
