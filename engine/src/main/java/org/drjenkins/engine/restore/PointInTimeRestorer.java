package org.drjenkins.engine.restore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.drjenkins.engine.config.Component;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.manifest.VerificationRecord.CheckResult;
import org.drjenkins.engine.postgres.PgConnections;
import org.drjenkins.engine.postgres.PgUrl;
import org.drjenkins.engine.postgres.PostgresException;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.wal.ArchivedWal;
import org.drjenkins.engine.wal.BaseBackupPoint;
import org.drjenkins.engine.wal.WalArchive;
import org.drjenkins.engine.wal.WalContinuity;
import org.drjenkins.engine.wal.WalException;
import org.drjenkins.engine.wal.WalFetcher;
import org.drjenkins.engine.wal.WalFileName;

/**
 * Point-in-time restore of a postgres-cluster component into a throwaway cluster: the base backup is extracted, the
 * archived WAL it needs is fetched and proven (in parallel, while the backup is extracted), PostgreSQL replays it up to
 * the target ({@code recovery_target_time} / {@code _lsn}, or the end of the archive) and promotes; then the recovery
 * point it actually reached is read back and the component's checks run on the restored copy.
 * <p>
 * A gap in the archive is found before replay starts and named: PostgreSQL itself would take a missing segment for the
 * end of the archive and promote early, silently restoring less than asked for.
 */
final class PointInTimeRestorer implements ComponentRestorer {

    private static final Duration REPLAY_TIMEOUT = Duration.ofHours(12);
    private static final int PARALLEL_FETCHES = 4;

    private final Component component;
    private final RecoveryTarget target;
    private final ObjectStore store;
    private final Optional<String> ageIdentity;
    private final Path workDir;
    private final Progress progress;
    private RecoveryCluster cluster;
    private PgUrl restored;
    private RecoveryCluster.Reached reached;
    private WalContinuity continuity;
    private long segmentSize;

    PointInTimeRestorer(Component component, RecoveryTarget target, ObjectStore store, Optional<String> ageIdentity, Path workDir,
            Progress progress) {
        this.component = component;
        this.target = target;
        this.store = store;
        this.ageIdentity = ageIdentity;
        this.workDir = workDir;
        this.progress = progress;
    }

    @Override
    public void restore(Manifest manifest, Path rawContent) throws IOException, InterruptedException {
        BaseBackupPoint point = BaseBackupPoint.of(manifest).orElseThrow(() -> new IOException("backup " + manifest.backupId()
                + " records no WAL range (startLsn/stopLsn): it is not a base backup dr can replay WAL onto"));
        segmentSize = point.segmentSize();
        List<ArchivedWal> archive = new WalArchive(store, component.name()).list();
        continuity = point.continuity(archive);
        refuseGapBeforeTarget(point);
        List<ArchivedWal> needed = needed(archive, point);
        progress.info("restoring base backup " + manifest.backupId() + " (WAL from " + point.startSegmentName() + ") to " + target + ": "
                + needed.stream().filter(w -> w.file().isSegment()).count() + " archived segments to replay");

        cluster = RecoveryCluster.create(workDir);
        ExecutorService fetchers = Executors.newFixedThreadPool(PARALLEL_FETCHES, r -> {
            Thread t = new Thread(r, "dr-wal-fetch");
            t.setDaemon(true);
            return t;
        });
        try {
            AtomicLong rawBytes = new AtomicLong();
            WalFetcher fetcher = new WalFetcher(store, component.name(), ageIdentity);
            List<Future<?>> fetches = new ArrayList<>();
            for (ArchivedWal wal : needed) {
                fetches.add(fetchers.submit(() -> {
                    rawBytes.addAndGet(fetcher.fetch(wal, cluster.archiveDir().resolve(wal.name())));
                    return null;
                }));
            }
            try (InputStream tar = Files.newInputStream(rawContent)) {
                // The server runs in this tree and follows its links: they must stay inside it.
                SafeTarExtractor.extract(tar, cluster.dataDir(), SafeTarExtractor.Links.INSIDE_ONLY);
            }
            for (Future<?> fetch : fetches) {
                await(fetch);
            }
            progress.info("fetched and verified " + needed.size() + " WAL files (" + rawBytes.get() + " bytes)");
        } finally {
            // After a failure the other fetches stop, and must have stopped before close() deletes their directory.
            fetchers.shutdownNow();
            fetchers.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        cluster.configure(target);
        String database = String.valueOf(manifest.source().getOrDefault("database", "postgres"));
        restored = PgUrl.of(PgUrl.parse(component.url()).user(), "127.0.0.1", cluster.port(), database);
        progress.phase("replay WAL to " + target + " and promote");
        try {
            cluster.recover(restored, REPLAY_TIMEOUT, progress);
        } catch (PostgresException e) {
            throw unreachableTarget(e).orElse(e);
        }
        reached = cluster.reached(restored);
        progress.info("recovery point reached: " + describe(reached));
    }

    /**
     * PostgreSQL refuses to promote short of a requested target. With an archive without gaps that means the target lies
     * past what was archived: the request, not the backup, is at fault. With a gap the archive is broken, and that is the
     * backup's failure.
     */
    private Optional<IOException> unreachableTarget(PostgresException e) {
        if (target.isEnd() || !e.getMessage().contains(RecoveryCluster.TARGET_NOT_REACHED) || !continuity.unbroken()) {
            return Optional.empty();
        }
        return Optional.of(new EnvironmentFailure("the requested recovery target " + target + " lies past the end of the archive of "
                + component.name() + " (newest archived segment " + continuity.newest().map(WalFileName::name).orElse("none")
                + "): choose an earlier target, or verify to the end of the archive; " + e.getMessage(), e));
    }

    /** A missing segment the replay would need is an error now, naming it, rather than an early end of recovery. */
    private void refuseGapBeforeTarget(BaseBackupPoint point) throws IOException {
        if (continuity.unbroken()) {
            return;
        }
        WalFileName missing = continuity.missing().get(0);
        long missingNumber = missing.segmentNumber(segmentSize);
        boolean backupItself = missingNumber <= point.stopSegment();
        boolean beforeTarget = target.isEnd() || target.lsn().map(lsn -> lsn.segmentNumber(segmentSize) >= missingNumber).orElse(false);
        if (backupItself || beforeTarget) {
            throw new IOException("WAL gap: " + continuity.describeGap() + " from the archive of " + component.name() + "; replay from base"
                    + " backup " + point.backupId() + " cannot pass it" + (backupItself ? " (the backup itself needs it)" : "")
                    + ": copy it from the server's pg_wal or another region, or restore to a point before it");
        }
        // A time target may lie before the gap: PostgreSQL decides, and the failure names the gap if it does not.
    }

    /** Segments from the backup's start on its timeline or later ones, bounded by an LSN target; every history file. */
    private List<ArchivedWal> needed(List<ArchivedWal> archive, BaseBackupPoint point) {
        long last = target.lsn().map(lsn -> lsn.segmentNumber(segmentSize) + 1).orElse(Long.MAX_VALUE);
        return archive.stream().filter(w -> switch (w.file().kind()) {
            case HISTORY -> true;
            case SEGMENT -> w.file().timeline() >= point.timeline() && w.file().segmentNumber(segmentSize) >= point.startSegment()
                    && w.file().segmentNumber(segmentSize) <= last;
            case BACKUP_HISTORY, PARTIAL -> false;
        }).toList();
    }

    private void await(Future<?> fetch) throws IOException, InterruptedException {
        try {
            fetch.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof WalException wal) {
                throw new IOException(wal.getMessage(), wal);
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("fetching WAL failed: " + cause.getMessage(), cause);
        }
    }

    @Override
    public List<CheckResult> check(Manifest manifest) throws IOException {
        List<CheckResult> results = new ArrayList<>();
        results.add(recoveryPoint());
        try (Connection c = PgConnections.open(restored, Optional.empty(), "drjenkins-restore-check")) {
            for (String sql : component.checks()) {
                results.add(SqlChecks.run(c, sql));
            }
        } catch (SQLException e) {
            results.add(new CheckResult("connect to restored database " + restored, false, e.getMessage()));
        }
        return results;
    }

    /** Whether replay got where it was asked to, with the point it reached as the detail. */
    private CheckResult recoveryPoint() {
        String name = "recovery point reached (target: " + target + ")";
        String detail = describe(reached);
        if (target.time().isPresent()) {
            boolean ok = reached.lastTransaction().map(t -> !t.isAfter(target.time().get())).orElse(true);
            return new CheckResult(name, ok, ok ? detail : detail + ", after the target");
        }
        if (target.lsn().isPresent()) {
            boolean ok = reached.lsn().compareTo(target.lsn().get()) >= 0;
            return new CheckResult(name, ok, ok ? detail : detail + ", short of the target");
        }
        // To the end: replay must have reached the newest archived segment, else it stopped early.
        long reachedSegment = reached.lsn().segmentNumber(segmentSize);
        long newest = continuity.newest().map(n -> n.segmentNumber(segmentSize)).orElse(-1L);
        boolean ok = reachedSegment >= newest;
        return new CheckResult(name, ok, ok ? detail : detail + ", but the archive reaches " + continuity.newest().orElseThrow().name());
    }

    private static String describe(RecoveryCluster.Reached reached) {
        return "WAL " + reached.lsn() + " on timeline " + reached.timeline() + reached.lastTransaction()
                .map(t -> ", last transaction committed at " + t).orElse(", no transaction replayed")
                + (reached.stopLine().isEmpty() ? "" : " (" + reached.stopLine() + ")");
    }

    @Override
    public Optional<Instant> recoveryPointReached() {
        return reached == null ? Optional.empty() : reached.lastTransaction();
    }

    @Override
    public void close() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
