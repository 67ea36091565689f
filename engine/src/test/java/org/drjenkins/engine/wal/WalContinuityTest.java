package org.drjenkins.engine.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.drjenkins.engine.wal.WalFixtures.archived;

import java.time.Instant;
import java.util.List;
import org.junit.Test;

public class WalContinuityTest {

    private static final long MB16 = WalFileName.DEFAULT_SEGMENT_SIZE;
    private static final Instant AT = Instant.parse("2026-01-25T02:00:00Z");

    @Test
    public void anUnbrokenRunEndsAtTheNewestSegment() {
        List<ArchivedWal> archive = List.of(archived("000000010000000000000002", AT), archived("000000010000000000000002.00000028.backup", AT),
                archived("000000010000000000000003", AT), archived("000000010000000000000004", AT));

        WalContinuity continuity = WalContinuity.check(archive, 1, 2, 2, MB16);

        assertThat(continuity.unbroken()).isTrue();
        assertThat(continuity.newest()).map(WalFileName::name).contains("000000010000000000000004");
    }

    @Test
    public void aMissingSegmentIsNamed() {
        List<ArchivedWal> archive = List.of(archived("000000010000000000000002", AT), archived("000000010000000000000004", AT),
                archived("000000010000000000000005", AT));

        WalContinuity continuity = WalContinuity.check(archive, 1, 2, 2, MB16);

        assertThat(continuity.missingCount()).isEqualTo(1);
        assertThat(continuity.describeGap()).isEqualTo("000000010000000000000003 is missing");
    }

    @Test
    public void anArchiveEndingBeforeTheBackupsLastSegmentMissesThatSegment() {
        List<ArchivedWal> archive = List.of(archived("000000010000000000000002", AT));

        WalContinuity continuity = WalContinuity.check(archive, 1, 2, 4, MB16);

        assertThat(continuity.missing()).extracting(WalFileName::name)
                .containsExactly("000000010000000000000003", "000000010000000000000004");
        assertThat(continuity.describeGap()).isEqualTo("000000010000000000000003 and 1 more segment are missing");
    }

    @Test
    public void aPromotionContinuesOnTheNewTimelineFromTheSegmentItForkedIn() {
        List<ArchivedWal> archive = List.of(archived("000000010000000000000002", AT), archived("000000010000000000000003.partial", AT),
                archived("00000002.history", AT), archived("000000020000000000000003", AT), archived("000000020000000000000004", AT));

        WalContinuity continuity = WalContinuity.check(archive, 1, 2, 2, MB16);

        assertThat(continuity.unbroken()).isTrue();
        assertThat(continuity.newest()).map(WalFileName::name).contains("000000020000000000000004");
    }

    @Test
    public void aGapAfterAPromotionIsNamedOnTheNewTimeline() {
        List<ArchivedWal> archive = List.of(archived("000000010000000000000002", AT), archived("000000020000000000000003", AT),
                archived("000000020000000000000005", AT));

        assertThat(WalContinuity.check(archive, 1, 2, 2, MB16).describeGap()).isEqualTo("000000020000000000000004 is missing");
    }

    @Test
    public void segmentsBeforeTheStartOrOnOlderTimelinesDoNotCount() {
        List<ArchivedWal> archive = List.of(archived("000000010000000000000001", AT), archived("000000010000000000000009", AT),
                archived("000000020000000000000009", AT), archived("00000002000000000000000A", AT));

        WalContinuity continuity = WalContinuity.check(archive, 2, 9, 9, MB16);

        assertThat(continuity.unbroken()).isTrue();
        assertThat(continuity.start().name()).isEqualTo("000000020000000000000009");
    }
}
