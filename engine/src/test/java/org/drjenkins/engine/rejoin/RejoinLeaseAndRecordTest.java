package org.drjenkins.engine.rejoin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.failover.FailoverLease;
import org.drjenkins.engine.failover.FailoverLeases;
import org.drjenkins.engine.failover.RecordingProgress;
import org.drjenkins.engine.failover.RegionDatabase;
import org.drjenkins.engine.postgres.ClusterDirectory;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.storage.LocalS3Server;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreConnector;
import org.drjenkins.engine.storage.StoreProvider;
import org.drjenkins.engine.testing.S3Fixture;
import org.drjenkins.engine.util.Json;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The rejoin takes the plan's failover lease and records each step in the regions' buckets, against a real pair of
 * plain-initdb clusters and the local S3 store ({@code dr serve-s3}'s, with its conditional writes). Each test fails a
 * pair over by hand (crash the primary, promote the standby) and leaves it one primary and one streaming standby.
 */
public class RejoinLeaseAndRecordTest {

    private static PlainClusterPair pair;
    private static LocalS3Server s3;
    private static int sets;

    private final RecordingProgress progress = new RecordingProgress();
    private final StoreProvider stores = region -> StoreConnector.connect(region, s3.credentials());

    @BeforeClass
    public static void start() throws Exception {
        s3 = LocalS3Server.start();
        pair = PlainClusterPair.start("lease", true);
    }

    @AfterClass
    public static void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @After
    public void printProgress() {
        System.err.println(progress);
    }

    @Test
    public void aRejoinWhileAnotherHoldsTheFailoverLeaseIsRefusedNamingTheHolderAndAfterItExpiresProceedsHoldingIt()
            throws Exception {
        List<Region> regions = regions();
        String old = pair.primaryRegion();
        String promoted = pair.other(old);
        pair.crash(old);
        pair.promote(promoted);
        Instant now = Instant.now();
        FailoverLease other = FailoverLease.acquire(regions, stores, "dr failover --to " + promoted + " on ci-7 (pid 42)",
                "failover " + old + " -> " + promoted, Duration.ofSeconds(60), Clock.fixed(now, ZoneOffset.UTC));

        assertThatThrownBy(() -> rejoin(regions, old, Clock.systemUTC(), progress, RejoinLimits.defaults())
                .rejoin(region(regions, old), region(regions, promoted)))
                .isInstanceOf(RejoinRefusedException.class)
                .hasMessageStartingWith("cannot rejoin " + old + " now, nothing was changed: the failover lease is held by "
                        + "dr failover --to " + promoted + " on ci-7 (pid 42) for failover " + old + " -> " + promoted);
        assertThat(ClusterDirectory.at(pair.dataDir(old)).isRunning()).as("the crashed old primary is left alone")
                .isFalse();
        assertThat(progress.lines()).noneMatch(l -> l.contains("stopping") || l.contains("pg_rewind"));
        assertThat(stored(regions.get(0))).as("a refused rejoin records nothing").isEmpty();

        // The other holder died: 61 s later its lease has expired, and the rejoin takes it over.
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(61));
        List<String> contender = new CopyOnWriteArrayList<>();
        Progress racing = hook(progress, line -> {
            if (line.startsWith("pg_rewind of ")) {
                try {
                    FailoverLease.acquire(regions, stores, "dr watch", "failover " + promoted + " -> " + old,
                            Duration.ofSeconds(60), later).close();
                    contender.add("taken");
                } catch (FailoverLease.NotTakenException e) {
                    contender.add(e.getMessage());
                }
            }
        });
        RejoinResult result = rejoin(regions, old, later, racing, RejoinLimits.defaults())
                .rejoin(region(regions, old), region(regions, promoted));

        assertThat(result.method()).isEqualTo("pg_rewind");
        assertThat(contender).as("a failover or watch while the rejoin acts is refused").singleElement()
                .asString().contains("held by dr rejoin --region " + old)
                .contains("for rejoin " + old + " as a standby of " + promoted);
        assertFollows(old, promoted);
        for (Region region : regions) {
            try (ObjectStore store = stores.open(region)) {
                assertThat(store.head(FailoverLease.KEY)).as("released in " + region.bucket()).isEmpty();
            }
            assertThat(stored(region)).get().satisfies(r -> {
                assertThat(r.outcome()).isEqualTo(RejoinRecord.COMPLETED);
                assertThat(r.done()).containsExactly(RejoinRecord.LEASE, RejoinRecord.PG_REWIND, RejoinRecord.CONFIGURED,
                        RejoinRecord.STARTED, RejoinRecord.MARKER_REPLAYED);
            });
        }
        other.close();
    }

    @Test
    public void aRejoinCutOffAtTheMarkerStepIsRecordedAndARerunContinuesFromThereWithoutRewindingAgain()
            throws Exception {
        List<Region> regions = regions();
        String old = pair.primaryRegion();
        String promoted = pair.other(old);
        pair.crash(old);
        pair.promote(promoted);
        // The new primary goes away just as the proof starts: the old one runs as a standby but nothing proves it.
        Progress cutOff = hook(progress, line -> {
            if (line.contains("proving it with a marker")) {
                try {
                    pair.stop(promoted);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });

        assertThatThrownBy(() -> rejoin(regions, old, Clock.systemUTC(), cutOff,
                RejoinLimits.defaults().withProof(Duration.ofSeconds(3))).rejoin(region(regions, old),
                        region(regions, promoted)))
                .isExactlyInstanceOf(RejoinException.class)
                .hasMessageStartingWith("replication from " + promoted + " to " + old + " not working after 3s: ")
                .hasMessageEndingWith("; done: lease taken, pg_rewind, configured as standby, started; left: marker "
                        + "replayed; a rerun (dr rejoin --region " + old + " --primary " + promoted + ", or drRejoin) "
                        + "continues from the first step left")
                .satisfies(e -> assertThat(((RejoinException) e).remaining()).containsExactly("marker replayed"));
        for (Region region : regions) {
            assertThat(stored(region)).as("recorded in " + region.bucket()).get().satisfies(r -> {
                assertThat(r.outcome()).isEqualTo(RejoinRecord.STOPPED);
                assertThat(r.method()).isEqualTo("pg_rewind");
                assertThat(r.remaining()).containsExactly(RejoinRecord.MARKER_REPLAYED);
            });
        }

        pair.start(promoted);
        RecordingProgress rerun = new RecordingProgress();
        RejoinResult result = rejoin(regions, old, Clock.systemUTC(), rerun, RejoinLimits.defaults())
                .rejoin(region(regions, old), region(regions, promoted));

        assertThat(result.method()).isEqualTo("pg_rewind");
        assertThat(result.continued()).containsExactly(RejoinRecord.PG_REWIND, RejoinRecord.CONFIGURED,
                RejoinRecord.STARTED);
        assertThat(result.line()).contains("replicated to " + old)
                .endsWith("(continued a rejoin that had stopped after: pg_rewind, configured as standby, started)");
        assertThat(rerun.lines()).as("the rerun neither stops nor rewinds the standby again")
                .noneMatch(l -> l.contains("pg_rewind of") || l.contains("stopping"))
                .anyMatch(l -> l.contains("which stopped after: pg_rewind, configured as standby, started"));
        assertThat(stored(regions.get(1))).get().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(RejoinRecord.COMPLETED);
            assertThat(r.remaining()).isEmpty();
            assertThat(r.done()).endsWith(RejoinRecord.MARKER_REPLAYED);
        });
        assertFollows(old, promoted);
    }

    @Test
    public void aRejoinWhoseServerCannotStartIsRecordedResyncedAndARerunOnlyStartsAndProvesIt() throws Exception {
        List<Region> regions = regions();
        String old = pair.primaryRegion();
        String promoted = pair.other(old);
        pair.crash(old);
        pair.promote(promoted);
        // Something else takes the old server's port once it is stopped: the resynced server cannot start.
        java.util.concurrent.atomic.AtomicReference<java.net.ServerSocket> squatter =
                new java.util.concurrent.atomic.AtomicReference<>();
        Progress squatting = hook(progress, line -> {
            if (line.startsWith("pg_rewind of ") && squatter.get() == null) {
                try {
                    squatter.set(new java.net.ServerSocket(pair.port(old), 1,
                            java.net.InetAddress.getByName("127.0.0.1")));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        RejoinException failed;
        try {
            failed = org.assertj.core.api.Assertions.catchThrowableOfType(RejoinException.class, () -> rejoin(regions,
                    old, Clock.systemUTC(), squatting, RejoinLimits.defaults()).rejoin(region(regions, old),
                    region(regions, promoted)));
        } finally {
            squatter.get().close();
        }

        assertThat(failed).as("the rejoin failed").isNotNull();
        assertThat(failed.getMessage()).startsWith("cannot rejoin " + old + " here: ")
                .contains("; done: lease taken, base backup, configured as standby; left: started, marker replayed; ");
        RejoinRecord stopped = stored(regions.get(0)).orElseThrow();
        assertThat(stopped.outcome()).isEqualTo(RejoinRecord.STOPPED);
        assertThat(stopped.method()).startsWith("a fresh base backup (pg_rewind failed: ");
        java.nio.file.Path aside = java.nio.file.Path.of(stopped.aside());
        assertThat(aside).as("the old directory, kept until the standby is proven").isDirectory();

        RecordingProgress rerun = new RecordingProgress();
        RejoinResult result = rejoin(regions, old, Clock.systemUTC(), rerun, RejoinLimits.defaults())
                .rejoin(region(regions, old), region(regions, promoted));

        assertThat(result.continued()).containsExactly(RejoinRecord.BASE_BACKUP, RejoinRecord.CONFIGURED);
        assertThat(result.method()).isEqualTo(stopped.method());
        assertThat(rerun.lines()).as("the rerun takes no second base backup and no pg_rewind")
                .noneMatch(l -> l.contains("pg_rewind of") || l.contains("stopping"))
                .anyMatch(l -> l.contains("starting " + old + ", resynchronised by an earlier run"));
        assertThat(aside).as("deleted once the standby is proven").doesNotExist();
        assertThat(stored(regions.get(1)).orElseThrow().outcome()).isEqualTo(RejoinRecord.COMPLETED);
        assertFollows(old, promoted);
    }

    private Rejoin rejoin(List<Region> regions, String old, Clock clock, Progress to, RejoinLimits limits) {
        String holder = "dr rejoin --region " + old;
        return new Rejoin(Optional.empty(), Map.of(), to, limits, FailoverLeases.buckets(stores,
                new FailoverLeases.Terms(holder, Duration.ofSeconds(60)), clock), regions, RejoinJournal.buckets(stores),
                clock);
    }

    /** Both regions of the pair, with a fresh bucket each on the local store. */
    private static List<Region> regions() {
        int set = ++sets;
        List<Region> regions = List.of(
                pair.region(PlainClusterPair.REGION_A, s3.endpoint(), "rejoin" + set + "-a"),
                pair.region(PlainClusterPair.REGION_B, s3.endpoint(), "rejoin" + set + "-b"));
        for (Region region : regions) {
            S3Fixture.createBuckets(s3, region.bucket());
        }
        return regions;
    }

    private static Region region(List<Region> regions, String name) {
        return regions.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    private Optional<RejoinRecord> stored(Region region) {
        try (ObjectStore store = stores.open(region)) {
            return store.getBytes(RejoinJournal.KEY).map(b -> Json.fromBytes(b, RejoinRecord.class, "record"));
        }
    }

    /** Records every line, and lets the test act at one of them, as the rejoin passes it. */
    private static Progress hook(RecordingProgress recording, Consumer<String> at) {
        return new Progress() {
            @Override
            public void phase(String description) {
                recording.phase(description);
            }

            @Override
            public void bytes(long done, long total) {
            }

            @Override
            public void info(String message) {
                recording.info(message);
                at.accept(message);
            }
        };
    }

    private static void assertFollows(String standby, String primary) throws Exception {
        assertThat(pair.inRecovery(standby)).isTrue();
        assertThat(pair.inRecovery(primary)).isFalse();
        assertThatThrownBy(() -> pair.execute(standby, "create table refused (id int)"))
                .isInstanceOf(SQLException.class).hasMessageContaining("read-only transaction");
        assertThat(ReplicationProof.prove(RegionDatabase.of(pair.region(standby), Optional.empty()),
                RegionDatabase.of(pair.region(primary), Optional.empty()), Duration.ofSeconds(10)))
                .contains("replicated to " + standby);
    }
}
