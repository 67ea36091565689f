package org.drjenkins.engine.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.drjenkins.engine.config.Compression;
import org.drjenkins.engine.storage.ObjectInfo;
import org.junit.Test;

public class WalNamesTest {

    private static final long MB16 = WalFileName.DEFAULT_SEGMENT_SIZE;

    @Test
    public void lsnReadsAndPrintsAsPostgresDoes() {
        Lsn lsn = Lsn.parse("16/B374D848");

        assertThat(lsn.value()).isEqualTo(0x16_B374_D848L);
        assertThat(lsn).hasToString("16/B374D848");
        assertThat(Lsn.parse("0/3000028")).isLessThan(Lsn.parse("1/0"));
    }

    @Test
    public void anLsnThatIsNotOneSaysWhatIsExpected() {
        assertThatThrownBy(() -> Lsn.parse("3000028")).hasMessageContaining("\"3000028\" is not a WAL position").hasMessageContaining("0/3000028");
    }

    @Test
    public void theSegmentOfAnLsnDependsOnTheSegmentSize() {
        Lsn lsn = Lsn.parse("1/3000028");

        assertThat(WalFileName.segmentOf(1, lsn, MB16).name()).isEqualTo("000000010000000100000003");
        assertThat(WalFileName.segmentOf(2, lsn, 64L * 1024 * 1024).name()).isEqualTo("000000020000000100000000");
    }

    @Test
    public void theSegmentAfterTheLastOfALogStartsTheNextLog() {
        WalFileName last = WalFileName.require("0000000100000000000000FF");

        long next = last.segmentNumber(MB16) + 1;

        assertThat(WalFileName.segment(1, next, MB16).name()).isEqualTo("000000010000000100000000");
    }

    @Test
    public void aStopExactlyOnASegmentBoundaryNeedsNoFurtherSegment() {
        assertThat(Lsn.parse("0/3000000").previousSegmentNumber(MB16)).isEqualTo(2);
        assertThat(Lsn.parse("0/3000001").previousSegmentNumber(MB16)).isEqualTo(3);
    }

    @Test
    public void everyKindOfFileArchiveCommandGetsIsRecognised() {
        assertThat(WalFileName.require("00000002.history")).extracting(WalFileName::kind, WalFileName::timeline)
                .containsExactly(WalFileName.Kind.HISTORY, 2L);
        assertThat(WalFileName.require("000000010000000000000002.00000028.backup").kind()).isEqualTo(WalFileName.Kind.BACKUP_HISTORY);
        assertThat(WalFileName.require("000000010000000000000007.partial").segmentNumber(MB16)).isEqualTo(7);
        assertThat(WalFileName.require("0000000300000000000000A1").timelineHex()).isEqualTo("00000003");
    }

    @Test
    public void namesPostgresNeverArchivesAreRefused() {
        assertThat(WalFileName.parse("RECOVERYXLOG")).isEmpty();
        assertThat(WalFileName.parse("00000001000000000000000a")).as("PostgreSQL writes upper-case hex").isEmpty();
        assertThatThrownBy(() -> WalFileName.require("postgresql.conf")).hasMessageContaining("is not a WAL file name");
    }

    @Test
    public void aKeyCarriesTheContentDigestAndTheFormatsAndReadsBack() {
        WalFileName file = WalFileName.require("000000010000000000000003");
        String sha = "0123456789abcdef".repeat(4);
        String key = WalKeys.key("db", file, sha, Compression.ZSTD, true);

        assertThat(key).isEqualTo("db/wal/00000001/000000010000000000000003-" + sha + ".zst.age");
        ArchivedWal parsed = WalKeys.parse(new ObjectInfo(key, 123, Instant.EPOCH)).orElseThrow();
        assertThat(parsed.file()).isEqualTo(file);
        assertThat(parsed.sha256()).isEqualTo(sha);
        assertThat(parsed.compression()).isEqualTo(Compression.ZSTD);
        assertThat(parsed.encrypted()).isTrue();
        assertThat(parsed.storedBytes()).isEqualTo(123);
    }

    @Test
    public void objectsThatAreNotArchivedWalAreIgnored() {
        assertThat(WalKeys.parse(new ObjectInfo("db/wal/00000001/notes.txt", 1, Instant.EPOCH))).isEmpty();
        assertThat(WalKeys.parse(new ObjectInfo("db/wal/00000002/000000010000000000000003-" + "a".repeat(64) + ".zst", 1, Instant.EPOCH)))
                .as("a segment filed under another timeline's folder").isEmpty();
    }
}
