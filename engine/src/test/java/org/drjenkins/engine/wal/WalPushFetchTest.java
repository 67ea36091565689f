package org.drjenkins.engine.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.codec.AgeKeys;
import org.drjenkins.engine.codec.Codecs;
import org.drjenkins.engine.config.Compression;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.testing.S3Fixture;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Real segments of a real PostgreSQL 15 archived into a real S3 server (S3Proxy) and back, in-process. */
public class WalPushFetchTest {

    @ClassRule
    public static final S3Fixture S3 = new S3Fixture();

    @ClassRule
    public static final ArchivingCluster PG = new ArchivingCluster("wal-push-fetch");

    private static final AgeKeys.KeyPair KEY = AgeKeys.generate();
    private static Path segment;
    private static Path nextSegment;

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @BeforeClass
    public static void makeSegments() throws Exception {
        PG.cluster().execute("postgres", "CREATE TABLE notes (id serial, body text); INSERT INTO notes (body)"
                + " SELECT md5(i::text) || repeat(' lorem ipsum', 20) FROM generate_series(1, 20000) i");
        String first = PG.switchSegment();
        PG.cluster().execute("postgres", "INSERT INTO notes (body) VALUES ('one more')");
        String second = PG.switchSegment();
        List<Path> files = PG.archivedFiles();
        segment = files.stream().filter(f -> f.getFileName().toString().equals(first)).findFirst().orElseThrow();
        nextSegment = files.stream().filter(f -> f.getFileName().toString().equals(second)).findFirst().orElseThrow();
    }

    private static ObjectStore primary(DrConfig config) {
        return S3.open(config.primary());
    }

    private static DrConfig newBuckets() {
        return S3.config("");
    }

    @Test
    public void anEncryptedSegmentIsStoredCompressedAndComesBackByteForByte() throws Exception {
        try (ObjectStore store = primary(newBuckets())) {
            WalPusher.PushResult pushed = new WalPusher(store, "db", Compression.ZSTD, 3, List.of(KEY.recipient())).push(segment);

            assertThat(pushed.alreadyArchived()).isFalse();
            assertThat(pushed.rawBytes()).isEqualTo(WalFileName.DEFAULT_SEGMENT_SIZE);
            assertThat(pushed.storedBytes()).isLessThan(pushed.rawBytes() / 2);
            assertThat(pushed.key()).isEqualTo("db/wal/00000001/" + segment.getFileName() + "-" + pushed.sha256() + ".zst.age");
            assertThat(store.head(pushed.key())).isPresent();

            Path restored = temp.getRoot().toPath().resolve("RECOVERYXLOG");
            Optional<ArchivedWal> fetched = new WalFetcher(store, "db", Optional.of(KEY.identity()))
                    .fetch(WalFileName.require(segment.getFileName().toString()), restored);

            assertThat(fetched).map(ArchivedWal::key).contains(pushed.key());
            assertThat(Files.mismatch(segment, restored)).isEqualTo(-1);
            assertThat(temp.getRoot().list()).containsExactly("RECOVERYXLOG");
        }
    }

    @Test
    public void theSameSegmentPushedTwiceIsAcceptedWithoutASecondUpload() throws Exception {
        try (ObjectStore store = primary(newBuckets())) {
            WalPusher pusher = new WalPusher(store, "db", Compression.ZSTD, 3, List.of());
            WalPusher.PushResult first = pusher.push(segment);
            var stored = store.head(first.key()).orElseThrow();

            WalPusher.PushResult second = pusher.push(segment);

            assertThat(second.alreadyArchived()).isTrue();
            assertThat(second.key()).isEqualTo(first.key());
            assertThat(store.list("db/wal/")).hasSize(1);
            assertThat(store.head(first.key()).orElseThrow().lastModified()).isEqualTo(stored.lastModified());
        }
    }

    @Test
    public void differentContentUnderAnArchivedNameIsRefusedAndTheArchivedFileKept() throws Exception {
        try (ObjectStore store = primary(newBuckets())) {
            WalPusher pusher = new WalPusher(store, "db", Compression.ZSTD, 3, List.of());
            WalPusher.PushResult original = pusher.push(segment);
            Path impostor = temp.newFolder("pg_wal").toPath().resolve(segment.getFileName().toString());
            byte[] bytes = Files.readAllBytes(segment);
            bytes[4096] ^= 0x5a;
            Files.write(impostor, bytes);

            WalConflictException refused = catchThrowableOfType(WalConflictException.class, () -> pusher.push(impostor));

            assertThat(refused).isNotNull();
            assertThat(refused.getMessage()).startsWith(segment.getFileName() + " is already archived with different content")
                    .contains("refusing to overwrite");
            assertThat(store.list("db/wal/")).singleElement().extracting(o -> o.key()).isEqualTo(original.key());
            Path restored = temp.getRoot().toPath().resolve("restored");
            new WalFetcher(store, "db", Optional.empty()).fetch(WalFileName.require(segment.getFileName().toString()), restored);
            assertThat(Files.mismatch(segment, restored)).isEqualTo(-1);
        }
    }

    @Test
    public void aFileTheArchiveDoesNotHoldIsReportedAbsentAndNothingIsWritten() throws Exception {
        try (ObjectStore store = primary(newBuckets())) {
            Path destination = temp.getRoot().toPath().resolve("RECOVERYHISTORY");

            Optional<ArchivedWal> fetched = new WalFetcher(store, "db", Optional.empty()).fetch(WalFileName.history(2), destination);

            assertThat(fetched).isEmpty();
            assertThat(destination).doesNotExist();
        }
    }

    @Test
    public void anAlteredObjectIsNotRestored() throws Exception {
        try (ObjectStore store = primary(newBuckets())) {
            WalPusher.PushResult pushed = new WalPusher(store, "db", Compression.ZSTD, 3, List.of()).push(segment);
            ByteArrayOutputStream other = new ByteArrayOutputStream();
            try (OutputStream encoder = Codecs.encoder(other, Compression.ZSTD, 3, List.of())) {
                encoder.write(Files.readAllBytes(nextSegment));
            }
            store.putBytes(pushed.key(), other.toByteArray(), "application/octet-stream");
            Path destination = temp.getRoot().toPath().resolve("RECOVERYXLOG");

            WalException refused = catchThrowableOfType(WalException.class,
                    () -> new WalFetcher(store, "db", Optional.empty()).fetch(WalFileName.require(segment.getFileName().toString()), destination));

            assertThat(refused.getMessage()).startsWith(segment.getFileName() + ": s3://").contains("the object was altered");
            assertThat(temp.getRoot().list()).isEmpty();
        }
    }

    @Test
    public void anEncryptedSegmentWithoutTheIdentitySaysWhichVariableToSet() throws Exception {
        try (ObjectStore store = primary(newBuckets())) {
            new WalPusher(store, "db", Compression.ZSTD, 3, List.of(KEY.recipient())).push(segment);

            WalException refused = catchThrowableOfType(WalException.class, () -> new WalFetcher(store, "db", Optional.empty())
                    .fetch(WalFileName.require(segment.getFileName().toString()), temp.getRoot().toPath().resolve("x")));

            assertThat(refused.getMessage()).contains("is age-encrypted", "DR_AGE_IDENTITY");
        }
    }

    @Test
    public void aTimelineHistoryFileIsArchivedInItsTimelinesFolder() throws Exception {
        Path history = temp.newFolder("pg_wal").toPath().resolve("00000002.history");
        Files.writeString(history, "1\t0/3000000\tno recovery target specified\n");
        try (ObjectStore store = primary(newBuckets())) {
            WalPusher.PushResult pushed = new WalPusher(store, "db", Compression.ZSTD, 3, List.of()).push(history);

            assertThat(pushed.key()).startsWith("db/wal/00000002/00000002.history-");
            assertThat(new WalArchive(store, "db").list()).singleElement().extracting(w -> w.file().kind()).isEqualTo(WalFileName.Kind.HISTORY);
        }
    }

    @Test
    public void replicationCopiesWhatAnotherRegionLacksAndThenReportsNoLag() throws Exception {
        DrConfig config = newBuckets();
        Region secondary = config.regions().get(1);
        try (ObjectStore primary = primary(config); ObjectStore copy = S3.open(secondary)) {
            WalPusher pusher = new WalPusher(primary, "db", Compression.ZSTD, 3, List.of());
            pusher.push(segment);
            WalReplicator replicator = new WalReplicator(Clock.systemUTC());
            replicator.sync(primary, copy, "db");
            pusher.push(nextSegment);

            assertThat(WalReplicator.Lag.of(secondary.name(), new WalArchive(primary, "db").list(), new WalArchive(copy, "db").list(),
                    java.time.Instant.now()).missing()).isEqualTo(1);
            WalReplicator.Result result = replicator.sync(primary, copy, "db");

            assertThat(result.copied()).isEqualTo(1);
            assertThat(result.failures()).isEmpty();
            assertThat(result.lagAfter().missing()).isZero();
            assertThat(result.lagAfter().lagSeconds()).isZero();
            assertThat(new WalArchive(copy, "db").list()).extracting(ArchivedWal::key)
                    .containsExactlyElementsOf(new WalArchive(primary, "db").list().stream().map(ArchivedWal::key).toList());
        }
    }
}
