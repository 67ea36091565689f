package org.drjenkins.engine.rejoin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.drjenkins.engine.failover.RecordingProgress;
import org.drjenkins.engine.failover.RegionDatabase;
import org.drjenkins.engine.postgres.ClusterDirectory;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The rejoin against clusters nobody made for us: two plain-initdb clusters with data checksums (pg_rewind works), one
 * of them configured from outside its data directory, and a pair without checksums (pg_rewind refuses, the base
 * backup takes over). Each test leaves its pair one writable primary and one streaming standby, whichever way round.
 */
public class RejoinAnyClusterTest {

    private static PlainClusterPair rewindable;
    private static PlainClusterPair unrewindable;

    private final RecordingProgress progress = new RecordingProgress();

    @BeforeClass
    public static void startPairs() throws Exception {
        rewindable = PlainClusterPair.start("rewind", true);
        unrewindable = PlainClusterPair.start("basebackup", false);
    }

    @AfterClass
    public static void stopPairs() throws Exception {
        for (PlainClusterPair pair : new PlainClusterPair[] {rewindable, unrewindable}) {
            if (pair != null) {
                pair.close();
            }
        }
    }

    @After
    public void printProgress() {
        System.err.println(progress); // into the test's output file, for when it fails
    }

    @Test
    public void plainInitdbClustersRejoinBothWaysWithPgRewindEachKeepingItsOwnConfiguration() throws Exception {
        PlainClusterPair pair = rewindable;
        Path externalConf = pair.externalConfigFile();
        byte[] externalBefore = Files.readAllBytes(externalConf);
        Path inDataDir = pair.dataDir(PlainClusterPair.REGION_A).resolve("postgresql.conf");
        byte[] inDataDirBefore = Files.readAllBytes(inDataDir);
        assertThat(pair.dataDir(PlainClusterPair.REGION_B).resolve("postgresql.conf"))
                .as("b keeps its configuration outside its data directory").doesNotExist();
        assertThat(pair.dataDir(PlainClusterPair.REGION_A).resolve("drjenkins.conf")).doesNotExist();

        // First way: the primary crashes, the standby is promoted; second way: the (new) primary is only fenced.
        for (boolean crash : new boolean[] {true, false}) {
            String old = pair.primaryRegion();
            String promoted = pair.other(old);
            if (crash) {
                pair.crash(old);
            } else {
                RegionDatabase.of(pair.region(old), Optional.empty()).fence();
            }
            pair.promote(promoted);
            // As the failover does after promoting: a fence's ALLOW_CONNECTIONS false had replicated to it.
            RegionDatabase.of(pair.region(promoted), Optional.empty()).unfence();

            RejoinResult result = rejoin().rejoin(pair.region(old), pair.region(promoted));

            assertThat(result.method()).isEqualTo("pg_rewind");
            assertThat(result.line()).startsWith(old + " rejoined as a standby of " + promoted + " with pg_rewind in ")
                    .contains("written on " + promoted + " replicated to " + old);
            assertFollows(pair, old, promoted);
        }
        assertThat(Files.readAllBytes(externalConf)).as("config_file outside the data directory").isEqualTo(externalBefore);
        assertThat(Files.readAllBytes(inDataDir)).as("postgresql.conf in a's data directory, though pg_rewind copied "
                + "b's data directory over it").isEqualTo(inDataDirBefore);
        assertThat(pair.dataDir(PlainClusterPair.REGION_B).resolve("postgresql.conf")).doesNotExist();
        assertThat(ClusterDirectory.at(pair.dataDir(PlainClusterPair.REGION_B)).startOptions())
                .containsExactly("-c", "config_file=" + externalConf);
    }

    @Test
    public void clustersThatPgRewindRefusesAreRebuiltFromAFreshBaseBackupKeepingTheirConfigurationBothWays()
            throws Exception {
        PlainClusterPair pair = unrewindable;
        for (int way = 0; way < 2; way++) {
            String old = pair.primaryRegion();
            String promoted = pair.other(old);
            pair.crash(old);
            pair.promote(promoted);
            pair.execute(promoted, "create table if not exists after_split (id int)");

            RejoinResult result = rejoin().rejoin(pair.region(old), pair.region(promoted));

            // Crashed, so pg_rewind first recovers it in single-user mode (b's configuration found outside), then
            // refuses for the real reason.
            assertThat(result.method()).startsWith("a fresh base backup (pg_rewind failed: ")
                    .contains("wal_log_hints");
            assertThat(progress.lines()).anyMatch(l -> l.contains("pg_rewind of " + old + " failed"));
            assertFollows(pair, old, promoted);
            assertThat(pair.sql(old, "select to_regclass('after_split') is not null")).isEqualTo("f"); // template1
            try (Stream<Path> siblings = Files.list(pair.dataDir(old).getParent())) {
                assertThat(siblings.map(p -> p.getFileName().toString()))
                        .as("the moved-aside old directory is deleted once the standby is proven")
                        .noneMatch(n -> n.contains("before-rejoin"));
            }
        }
        assertThat(pair.dataDir(PlainClusterPair.REGION_B).resolve("postgresql.conf"))
                .as("the base backup brought a's postgresql.conf; b's own configuration stays outside").doesNotExist();
        assertThat(Files.readString(pair.dataDir(PlainClusterPair.REGION_A).resolve("postgresql.conf")))
                .contains("port = " + pair.port(PlainClusterPair.REGION_A));
    }

    @Test
    public void aRejoinOfAServerThatStillAcceptsWritesIsRefusedAndChangesNothing() throws Exception {
        PlainClusterPair pair = rewindable;
        String primary = pair.primaryRegion();
        String standby = pair.other(primary);
        long timeline = pair.timeline(primary);

        assertThatThrownBy(() -> rejoin().rejoin(pair.region(primary), pair.region(standby)))
                .isInstanceOf(RejoinRefusedException.class)
                .hasMessage("cannot rejoin " + primary + " as a standby of " + standby + ": " + standby
                        + " is itself a standby (in recovery); fail over to it first (dr failover --to " + standby
                        + "), or name the region that is the primary now");
        assertThat(pair.inRecovery(primary)).isFalse();
        assertThat(pair.timeline(primary)).isEqualTo(timeline);
    }

    @Test
    public void aRejoinOfAWritablePrimaryWhoseStandbyWasPromotedIsRefusedNamingTheFence() throws Exception {
        PlainClusterPair pair = unrewindable;
        String primary = pair.primaryRegion();
        String standby = pair.other(primary);
        pair.promote(standby); // split brain: both take writes; a rejoin must not discard the old one's

        try {
            assertThatThrownBy(() -> rejoin().rejoin(pair.region(primary), pair.region(standby)))
                    .isInstanceOf(RejoinRefusedException.class)
                    .hasMessage("cannot rejoin " + primary + ": it still accepts writes as a primary, and a rejoin "
                            + "would discard them; fail over first (dr failover --to " + standby + " fences it), or "
                            + "fence it by hand if " + standby + " already took over");
            pair.execute(primary, "create table if not exists still_writable (id int)");
        } finally {
            // Leave the pair whole for the next test: fence the old one, then the rejoin may go ahead.
            RegionDatabase.of(pair.region(primary), Optional.empty()).fence();
            rejoin().rejoin(pair.region(primary), pair.region(standby));
        }
        assertFollows(pair, primary, standby);
    }

    private Rejoin rejoin() {
        return new Rejoin(Optional.empty(), Map.of(), progress, RejoinLimits.defaults());
    }

    /** The old primary is a read-only standby streaming from the promoted one, on its own port. */
    private static void assertFollows(PlainClusterPair pair, String standby, String primary) throws Exception {
        assertThat(pair.inRecovery(standby)).isTrue();
        assertThat(pair.inRecovery(primary)).isFalse();
        assertThat(pair.sql(primary, "select count(*) from pg_stat_replication where state = 'streaming'"))
                .isEqualTo("1");
        assertThatThrownBy(() -> pair.execute(standby, "create table refused (id int)"))
                .isInstanceOf(SQLException.class).hasMessageContaining("read-only transaction");
        pair.execute(primary, "create table if not exists rows_after (id int); insert into rows_after values (1)");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String count = pair.sql(primary, "select 1"); // template1 answers on both
        assertThat(count).isEqualTo("1");
        RegionDatabase standbyDb = RegionDatabase.of(pair.region(standby), Optional.empty());
        RegionDatabase primaryDb = RegionDatabase.of(pair.region(primary), Optional.empty());
        assertThat(ReplicationProof.prove(standbyDb, primaryDb, Duration.ofSeconds(10))).contains("replicated to "
                + standby);
        assertThat(System.nanoTime()).isLessThan(deadline);
        assertThat(primaryDb.acceptsWrites()).isTrue();
    }
}
