package org.drjenkins.engine.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.drjenkins.engine.Version;
import org.drjenkins.engine.assets.AssetBackup;
import org.drjenkins.engine.assets.AssetBackupResult;
import org.drjenkins.engine.assets.AssetException;
import org.drjenkins.engine.codec.Codecs;
import org.drjenkins.engine.config.Component;
import org.drjenkins.engine.config.ComponentType;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.manifest.ArtifactRecord;
import org.drjenkins.engine.manifest.BackupEntry;
import org.drjenkins.engine.manifest.BackupId;
import org.drjenkins.engine.manifest.BackupLayout;
import org.drjenkins.engine.manifest.Encryption;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.manifest.Replicas;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.replication.CrossRegionCopier;
import org.drjenkins.engine.retention.RetentionDecision;
import org.drjenkins.engine.retention.RetentionEnforcer;
import org.drjenkins.engine.retention.WalRetention;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.source.BackupSource;
import org.drjenkins.engine.source.SourceFactory;
import org.drjenkins.engine.source.SourceResult;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreException;
import org.drjenkins.engine.storage.StoreProvider;
import org.drjenkins.engine.storage.StoredObject;
import org.drjenkins.engine.codec.CountingOutputStream;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.util.Parameter;
import org.drjenkins.engine.util.Json;
import org.drjenkins.engine.util.NonClosingOutputStream;
import org.drjenkins.engine.wal.WalFileName;
import org.drjenkins.engine.wal.WalReplicator;

/**
 * Runs one backup: source → compression → age encryption → SHA-256 → multipart upload to the primary region, then the
 * manifest (last), then verified copies to the other regions, then retention.
 * <p>
 * Failure semantics: until the manifest is written nothing is visible as a backup. Any failure before that aborts the
 * upload, writes no manifest and leaves the previous backup the latest.
 */
public final class BackupService {

    /*
     * zstd threads compressing in the background while this thread reads the source, hashes and hands parts to the
     * upload (1 GiB on 2 cores: median 8.9 s -> 7.2 s). Half the cores at most: the source (pg_dump and its server
     * backend, tar) and the upload need the others. Four at most, which already outpaces what pg_dump can produce.
     */
    static final int COMPRESSION_WORKERS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));

    private final DrConfig config;
    private final Secrets secrets;
    private final StoreProvider stores;
    private final Clock clock;
    private final Progress progress;
    private final Duration abortPatience;

    public BackupService(DrConfig config, Secrets secrets, StoreProvider stores, Clock clock, Progress progress) {
        this(config, secrets, stores, clock, progress, Duration.ofSeconds(30));
    }

    /** {@code abortPatience}: how long a failed backup keeps trying to abort its upload while the store is unreachable. */
    public BackupService(DrConfig config, Secrets secrets, StoreProvider stores, Clock clock, Progress progress, Duration abortPatience) {
        this.config = config;
        this.secrets = secrets;
        this.stores = stores;
        this.clock = clock;
        this.progress = progress;
        this.abortPatience = abortPatience;
    }

    public BackupResult run(BackupRequest request) {
        Component component = config.component(request.component())
                .orElseThrow(() -> InvalidRequestException.of(Parameter.COMPONENT.given(request.component()), ": no such component; configured: "
                        + String.join(", ", config.components().keySet())));
        if (component.type() == ComponentType.S3_PREFIX) {
            return backUpAssets(component, request);
        }
        List<String> recipients = recipientsFor(component);
        Instant started = clock.instant();
        BackupId id = BackupId.newId(started);
        Region primaryRegion = config.primary();
        try (StoreOpening opening = StoreOpening.start(stores, primaryRegion)) {
            BackupSource source = SourceFactory.forComponent(component, secrets);
            String key = BackupLayout.artifactKey(component.name(), id, artifactFileName(source, component, !recipients.isEmpty()));
            progress.phase("back up " + component.name() + " (" + component.type().yamlName() + ") to s3://" + primaryRegion.bucket() + "/" + key);
            Stored stored = upload(opening, key, source, component, recipients);
            ObjectStore primary = openedAfterUpload(opening);
            Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, id.value(), component.name(), component.type().yamlName(), started,
                    clock.instant(), stored.sourceResult().consistentAt(), component.compression().yamlName(), component.compressionLevel(),
                    recipients.isEmpty() ? null : Encryption.age(recipients),
                    List.of(new ArtifactRecord(key, stored.object().size(), stored.rawBytes(), stored.object().sha256())),
                    stored.sourceResult().metadata(), primaryRegion.name(), Map.of("name", "dr", "version", Version.current()),
                    RestoreHints.forArtifact(component, primaryRegion, key, !recipients.isEmpty()));
            // The manifest is the commit point: only now does this backup exist.
            primary.putBytes(BackupLayout.manifestKey(component.name(), id), Json.toBytes(manifest), "application/json");
            progress.info("manifest written: backup " + id + " is complete (" + stored.object().size() + " bytes stored)");

            List<String> regions = new ArrayList<>(List.of(primaryRegion.name()));
            List<String> copyFailures = new ArrayList<>();
            List<Replicas.Copy> copies = new ArrayList<>(List.of(new Replicas.Copy(primaryRegion.name(), primary.bucket(), clock.instant(), true)));
            if (!request.skipCopies()) {
                copyToOtherRegions(manifest, primary, regions, copyFailures, copies);
                if (component.type() == ComponentType.POSTGRES_CLUSTER) {
                    copyWalToOtherRegions(component, primary);
                }
            }
            primary.putBytes(BackupLayout.replicasKey(component.name(), id), Json.toBytes(new Replicas(id.value(), copies)), "application/json");

            List<RetentionDecision> retention = request.skipRetention() ? List.of() : applyRetention(component, primary);
            double seconds = Duration.between(started, clock.instant()).toMillis() / 1000.0;
            return new BackupResult(manifest, "s3://" + primary.bucket() + "/" + BackupLayout.folder(component.name(), id), regions,
                    copyFailures, retention, seconds);
        }
    }

    /** Static assets are copied object by object, not streamed into one artifact: their own service does it. */
    private BackupResult backUpAssets(Component component, BackupRequest request) {
        Instant started = clock.instant();
        try {
            AssetBackupResult result = new AssetBackup(config, stores, clock, progress).run(component, request.skipCopies(),
                    request.skipRetention());
            BackupId id = BackupId.parse(result.manifest().backupId()).orElseThrow();
            return new BackupResult(result.manifest(), "s3://" + config.primary().bucket() + "/" + BackupLayout.folder(component.name(), id),
                    result.regions(), result.copyFailures(), result.retention(),
                    Duration.between(started, clock.instant()).toMillis() / 1000.0);
        } catch (AssetException | StoreException e) {
            throw new BackupException(component.name() + ": backup failed, nothing recorded: " + e.getMessage(), e);
        }
    }

    /** The upload has used the store, so it is open; only an interrupt can make this wait. */
    private static ObjectStore openedAfterUpload(StoreOpening opening) {
        try {
            return opening.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException("backup interrupted before its manifest was written: it does not count as a backup", e);
        }
    }

    private List<String> recipientsFor(Component component) {
        if (!component.encrypt()) {
            return List.of();
        }
        List<String> recipients = config.withExtraRecipients(secrets.ageRecipients()).ageRecipients();
        if (recipients.isEmpty()) {
            throw new InvalidRequestException("components." + component.name() + ".encrypt is true but no age recipient is configured; "
                    + "set DR_AGE_RECIPIENTS=age1… or add age.recipients to the configuration");
        }
        return recipients;
    }

    private static String artifactFileName(BackupSource source, Component component, boolean encrypted) {
        return source.artifactName() + component.compression().suffix() + (encrypted ? ".age" : "");
    }

    private record Stored(StoredObject object, long rawBytes, SourceResult sourceResult) {
    }

    private Stored upload(StoreOpening store, String key, BackupSource source, Component component, List<String> recipients) {
        DeferredUpload upload = new DeferredUpload(store, key);
        OutputStream encoder = null;
        try {
            encoder = Codecs.encoder(new NonClosingOutputStream(upload), component.compression(), component.compressionLevel(), recipients,
                    COMPRESSION_WORKERS);
            CountingOutputStream raw = new CountingOutputStream(encoder);
            // The store must have answered its check before the source starts: a wrong bucket, key or endpoint fails
            // here in seconds with its cause, and no source runs for nothing.
            store.get();
            SourceResult result = source.writeTo(raw, progress);
            // Closing finishes the compression and encryption formats; the shield keeps the upload open for complete().
            raw.close();
            encoder = null;
            return new Stored(upload.complete(), raw.count(), result);
        } catch (IOException e) {
            closeQuietly(encoder);
            abortUntilGone(store, key, upload);
            throw new BackupException(component.name() + ": backup failed, nothing stored: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            closeQuietly(encoder);
            abortUntilGone(store, key, upload);
            Thread.currentThread().interrupt();
            throw new BackupException(component.name() + ": backup interrupted, nothing stored", e);
        } catch (StoreException e) {
            closeQuietly(encoder);
            abortUntilGone(store, key, upload);
            throw new BackupException(component.name() + ": backup failed, nothing stored: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            closeQuietly(encoder);
            abortUntilGone(store, key, upload);
            throw e;
        }
    }

    /** Releases the codecs' native buffers after a failure; what they would still write goes nowhere. */
    private static void closeQuietly(OutputStream encoder) {
        if (encoder != null) {
            try {
                encoder.close();
            } catch (IOException | RuntimeException ignored) {
                // the upload is being aborted anyway
            }
        }
    }

    /**
     * Aborts the upload and confirms that the store no longer lists it, retrying for a bounded time: a store that
     * dropped for a moment must not keep the parts of a failed backup (they cost money and look like a backup running).
     * A longer outage leaves the parts to the bucket's lifecycle rule (see docs/operations.md), and says so.
     */
    private void abortUntilGone(StoreOpening opening, String key, DeferredUpload upload) {
        if (!opening.opened() || !upload.startedOnStore()) {
            upload.abort();
            return; // No multipart upload was started, so nothing unfinished can be on the store.
        }
        progress.info("upload failed: aborting the unfinished upload of " + key);
        ObjectStore store;
        try {
            store = opening.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long deadline = System.nanoTime() + abortPatience.toNanos();
        while (true) {
            upload.abort();
            try {
                if (!store.unfinishedUploads(key).contains(key)) {
                    return;
                }
            } catch (StoreException e) {
                if (!e.storeUnreachable()) {
                    // The store answers but refuses (403, 404 …): waiting will not change that.
                    progress.info("could not confirm that the unfinished upload of " + key + " was aborted: " + e.getMessage());
                    return;
                }
                // still unreachable: try again until the deadline
            }
            if (System.nanoTime() > deadline) {
                progress.info("could not abort the unfinished upload of " + key + " (store unreachable); "
                        + "the bucket's AbortIncompleteMultipartUpload lifecycle rule will remove its parts");
                return;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void copyToOtherRegions(Manifest manifest, ObjectStore primary, List<String> regions, List<String> failures,
            List<Replicas.Copy> copies) {
        CrossRegionCopier copier = new CrossRegionCopier(clock);
        for (Region region : config.regions()) {
            if (region.isPrimary()) {
                continue;
            }
            progress.phase("copy " + manifest.backupId() + " to " + region.name());
            try (ObjectStore target = stores.open(region)) {
                copies.add(copier.copy(manifest, primary, target));
                regions.add(region.name());
            } catch (RuntimeException e) {
                failures.add(region.name() + ": " + e.getMessage());
                progress.info("copy to " + region.name() + " FAILED: " + e.getMessage());
            }
        }
    }

    /**
     * A base backup is restorable in a region only with its WAL there: catch every region's WAL copy up now (wal-push
     * stores in the primary only). A failure is reported, not fatal: the backup itself is complete.
     */
    private void copyWalToOtherRegions(Component component, ObjectStore primary) {
        WalReplicator replicator = new WalReplicator(clock);
        for (Region region : config.regions()) {
            if (region.isPrimary()) {
                continue;
            }
            try (ObjectStore target = stores.open(region)) {
                WalReplicator.Result result = replicator.sync(primary, target, component.name());
                progress.info("WAL copy to " + region.name() + ": " + result.copied() + " files copied, "
                        + (result.lagAfter().missing() == 0 ? "in sync" : result.lagAfter().missing() + " still missing"));
                result.failures().stream().limit(3).forEach(f -> progress.info("WAL copy to " + region.name() + " FAILED: " + f));
            } catch (RuntimeException e) {
                progress.info("WAL copy to " + region.name() + " FAILED: " + e.getMessage());
            }
        }
    }

    private List<RetentionDecision> applyRetention(Component component, ObjectStore primary) {
        List<RetentionDecision> all = new ArrayList<>();
        Duration retention = config.thresholds().backupRetention();
        for (Region region : config.regions()) {
            // A null resource is allowed: the primary's store stays open for the caller.
            try (ObjectStore other = region.isPrimary() ? null : stores.open(region)) {
                ObjectStore target = region.isPrimary() ? primary : other;
                List<RetentionDecision> decisions = new RetentionEnforcer(target).apply(component.name(), clock.instant(), retention, false);
                decisions.stream().filter(RetentionDecision::delete)
                        .forEach(d -> progress.info("retention (" + region.name() + "): deleted " + d.entry().id() + ": " + d.reason()));
                decisions.stream().filter(d -> d.entry().damaged())
                        .forEach(d -> progress.info("retention (" + region.name() + "): kept " + d.entry().id() + ": " + d.reason()));
                all.addAll(decisions);
                if (component.type() == ComponentType.POSTGRES_CLUSTER) {
                    List<BackupEntry> kept = decisions.stream().filter(d -> !d.delete()).map(RetentionDecision::entry).toList();
                    WalRetention.Plan wal = WalRetention.apply(target, component.name(), kept, false);
                    if (!wal.delete().isEmpty()) {
                        progress.info("retention (" + region.name() + "): deleted " + wal.delete().size() + " WAL files before "
                                + wal.keepFrom().map(WalFileName::name).orElse("?") + ", the oldest kept base backup's start");
                    }
                }
            } catch (RuntimeException e) {
                // Retention is housekeeping: a failure here never fails a completed backup, but it is reported.
                progress.info("retention (" + region.name() + ") skipped: " + e.getMessage());
            }
        }
        return all;
    }
}
