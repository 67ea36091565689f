package org.drjenkins.engine.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.drjenkins.engine.wal.WalFixtures.archived;
import static org.drjenkins.engine.wal.WalFixtures.baseBackup;

import java.time.Instant;
import java.util.List;
import org.drjenkins.engine.wal.ArchivedWal;
import org.drjenkins.engine.wal.WalFileName;
import org.junit.Test;

public class WalRetentionTest {

    private static final Instant AT = Instant.parse("2026-01-25T02:00:00Z");
    private static final List<ArchivedWal> ARCHIVE = List.of(archived("00000001.history", AT), archived("000000010000000000000003", AT),
            archived("000000010000000000000004", AT), archived("000000010000000000000004.00000028.backup", AT),
            archived("000000010000000000000005", AT), archived("000000010000000000000006", AT), archived("00000002.history", AT),
            archived("000000020000000000000006", AT));

    @Test
    public void walBeforeTheOldestKeptBaseBackupsStartGoes() {
        WalRetention.Plan plan = WalRetention.plan(ARCHIVE, List.of(baseBackup(AT, 1, "0/5000028", "0/5000100", false),
                baseBackup(AT.plusSeconds(3600), 2, "0/6000028", "0/6000100", true)));

        assertThat(plan.delete()).extracting(ArchivedWal::name).containsExactly("000000010000000000000003", "000000010000000000000004",
                "000000010000000000000004.00000028.backup");
        assertThat(plan.keepFrom()).map(WalFileName::name).contains("000000010000000000000005");
        assertThat(plan.kept()).isEqualTo(5);
    }

    @Test
    public void timelineHistoryFilesStayWhateverTheirAge() {
        WalRetention.Plan plan = WalRetention.plan(ARCHIVE, List.of(baseBackup(AT, 2, "0/6000028", "0/6000100", false)));

        assertThat(plan.delete()).extracting(ArchivedWal::name).doesNotContain("00000001.history", "00000002.history")
                .contains("000000010000000000000005");
    }

    @Test
    public void withoutAKeptBaseBackupNothingIsDeleted() {
        WalRetention.Plan plan = WalRetention.plan(ARCHIVE, List.of());

        assertThat(plan.delete()).isEmpty();
        assertThat(plan.keepFrom()).isEmpty();
    }
}
