package org.drjenkins.engine.restore;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import org.drjenkins.engine.Version;
import org.drjenkins.engine.config.Component;
import org.drjenkins.engine.config.ComponentType;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.manifest.ArtifactRecord;
import org.drjenkins.engine.manifest.BackupCatalog;
import org.drjenkins.engine.manifest.BackupEntry;
import org.drjenkins.engine.manifest.BackupId;
import org.drjenkins.engine.manifest.BackupLayout;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.manifest.RestoreRecord;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreProvider;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.util.Json;
import org.drjenkins.engine.util.Parameter;
import org.drjenkins.engine.util.TempFiles;

/**
 * Restores a backup for real, into the place an incident needs it. Every restore reads the backup from one region's
 * bucket (the primary's, the one asked for, or with {@code anyRegion} the first in the plan's order that answers),
 * refuses a target that may not be written before downloading anything, verifies size, SHA-256 and decryption of the
 * whole artifact into a local copy before writing anything, writes the target beside it and swaps it in, and records
 * its duration as evidence of kind {@code restore} beside the backup's manifest in the region it came from.
 * <p>
 * The target follows the artifact's format, not the component's type name: a pg_dump goes into a database, a base
 * backup into a data directory, any tar tree into a directory, anything else is bytes.
 */
public final class RestoreService {

    private final DrConfig config;
    private final Secrets secrets;
    private final StoreProvider stores;
    private final Clock clock;
    private final Progress progress;

    public RestoreService(DrConfig config, Secrets secrets, StoreProvider stores, Clock clock, Progress progress) {
        this.config = config;
        this.secrets = secrets;
        this.stores = stores;
        this.clock = clock;
        this.progress = progress;
    }

    /** What an artifact holds, read from the manifest (so new component types restore by what they store). */
    enum Format {
        /** pg_dump custom format: into a database. */
        PG_DUMP,
        /** pg_basebackup tar: into a data directory, with WAL replay. */
        BASE_BACKUP,
        /** A tar tree: into a directory. */
        TREE,
        /** Anything else: bytes. */
        BYTES;

        static Format of(Manifest manifest, String rawName) {
            if (ComponentType.POSTGRES_CLUSTER.yamlName().equals(manifest.sourceType()) || rawName.endsWith(".base.tar")) {
                return BASE_BACKUP;
            }
            if (ComponentType.POSTGRES.yamlName().equals(manifest.sourceType()) || rawName.endsWith(".dump")) {
                return PG_DUMP;
            }
            return rawName.endsWith(".tar") ? TREE : BYTES;
        }
    }

    /**
     * @param stdout where a command's bytes go without {@code output}
     * @throws InvalidRequestException bad input or a refused target: nothing was downloaded or written
     * @throws RestoreException        the backup is not intact, the restore failed, or no region answered: the target is
     *                                 as it was
     */
    public RestoreOutcome run(RestoreRequest request, OutputStream stdout) {
        Component component = config.component(request.component())
                .orElseThrow(() -> InvalidRequestException.of(Parameter.COMPONENT.given(request.component()), ": no such component; configured: "
                        + String.join(", ", config.components().keySet())));
        if (component.type() == ComponentType.S3_PREFIX) {
            throw InvalidRequestException.of(Parameter.COMPONENT.given(component.name()), ": s3-prefix copies are restored by pointing the"
                    + " CDN at a surviving region's bucket, not by dr restore");
        }
        if (!request.recoveryTarget().isEnd() && component.type() != ComponentType.POSTGRES_CLUSTER) {
            throw InvalidRequestException.of(Parameter.TO_TIME, "/", Parameter.TO_LSN, ": only postgres-cluster components have WAL to replay to a point; "
                    + component.name() + " is " + component.type().yamlName());
        }
        List<Parameter> given = givenTargets(request);
        if (given.size() > 1) { // said before any region is asked: the contradiction is in the command line alone
            throw InvalidRequestException.of(given.get(0), " and ", given.get(1), ": a restore has one target; give only the one "
                    + component.name() + " (" + component.type().yamlName() + ") is restored into");
        }
        List<String> skipped = new ArrayList<>();
        Opened opened = open(component, request, skipped);
        try (ObjectStore store = opened.store()) {
            Manifest manifest = opened.entry().manifest().orElseThrow();
            VerifyRestoreService.identityProblem(secrets, manifest).ifPresent(problem -> {
                throw InvalidRequestException.of(Parameter.AGE_IDENTITY, ": " + problem);
            });
            if (manifest.artifacts().size() != 1) {
                throw new RestoreException("manifest of " + component.name() + "/" + manifest.backupId() + ": expected exactly 1 artifact, found "
                        + manifest.artifacts().size());
            }
            ArtifactRecord artifact = manifest.artifacts().get(0);
            String rawName = VerifyRestoreService.rawFileName(manifest, artifact);
            RestoreTarget target = targetFor(Format.of(manifest, rawName), component, request, opened.region(), stdout);
            try {
                target.preflight(manifest);
            } catch (IOException e) {
                throw new RestoreException("cannot check the target " + target.describe() + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("restore interrupted before anything was written");
            }
            return restore(component, manifest, artifact, rawName, target, store, opened.region(), request, skipped);
        }
    }

    private static List<Parameter> givenTargets(RestoreRequest request) {
        List<Parameter> given = new ArrayList<>();
        request.to().ifPresent(x -> given.add(Parameter.RESTORE_DIR));
        request.target().ifPresent(x -> given.add(Parameter.TARGET));
        request.dataDir().ifPresent(x -> given.add(Parameter.DATA_DIR));
        request.output().ifPresent(x -> given.add(Parameter.OUTPUT));
        return given;
    }

    private RestoreTarget targetFor(Format format, Component component, RestoreRequest request, Region region, OutputStream stdout) {
        List<Parameter> given = givenTargets(request);
        Parameter expected = switch (format) {
            case PG_DUMP -> Parameter.TARGET;
            case BASE_BACKUP -> Parameter.DATA_DIR;
            case TREE -> Parameter.RESTORE_DIR;
            case BYTES -> Parameter.OUTPUT;
        };
        for (Parameter other : given) {
            if (other != expected) {
                throw InvalidRequestException.of(other, ": " + component.name() + " (" + what(format) + ") is restored with ", expected,
                        ", not ", other);
            }
        }
        if (request.diff() && format != Format.TREE) {
            throw InvalidRequestException.of(Parameter.DIFF, ": only a directory restore can show its changes; " + component.name() + " is "
                    + what(format));
        }
        if ((request.start() || request.pauseAtTarget()) && format != Format.BASE_BACKUP) {
            throw InvalidRequestException.of(Parameter.START, ": only a postgres-cluster restore starts a server");
        }
        if (given.isEmpty() && format != Format.BYTES) {
            throw InvalidRequestException.of(expected, " is required: where to restore " + component.name() + " (" + what(format) + ")");
        }
        return switch (format) {
            case PG_DUMP -> new PostgresTarget(request.target().orElseThrow(), secrets.pgPassword(), request.replace(), request.confirm(),
                    request.noOwner(), request.noAcl(), request.jobs(), progress);
            case BASE_BACKUP -> new ClusterTarget(component, request.dataDir().orElseThrow(), request.recoveryTarget(),
                    request.walFetch().orElseThrow(() -> InvalidRequestException.of("a postgres-cluster restore needs the dr wal-fetch command"
                            + " for restore_command; the front end must pass it")), region.name(), request.replace(), request.confirm(),
                    request.start(), request.port(), request.pauseAtTarget(), secrets.pgPassword(), progress);
            case TREE -> new DirectoryTarget(request.to().orElseThrow(), request.replace(), request.confirm(), request.diff(), progress);
            case BYTES -> new CommandTarget(request.output(), stdout, component.kubernetesSecrets(), request.replace());
        };
    }

    private static String what(Format format) {
        return switch (format) {
            case PG_DUMP -> "a pg_dump, into a database";
            case BASE_BACKUP -> "a base backup, into a data directory";
            case TREE -> "a file tree, into a directory";
            case BYTES -> "command output, into a file or standard output";
        };
    }

    private record Opened(ObjectStore store, Region region, BackupEntry entry) {
    }

    /**
     * The region to read: the one asked for (or the primary), then with {@code anyRegion} the others in the plan's
     * order. A region whose store does not answer (within the store's timeouts) is skipped with its reason; one that
     * answers but lacks the backup is bad input, not a reason to take another region's older copy silently.
     */
    private Opened open(Component component, RestoreRequest request, List<String> skipped) {
        Region first = request.region().map(name -> config.region(name).orElseThrow(() -> InvalidRequestException.of(
                Parameter.REGION.given(name), ": no such region; configured: " + String.join(", ", config.regions().stream().map(Region::name).toList()))))
                .orElse(config.primary());
        List<Region> order = new ArrayList<>(List.of(first));
        if (request.anyRegion()) {
            config.regions().stream().filter(r -> !r.name().equals(first.name())).forEach(order::add);
        }
        for (Region region : order) {
            ObjectStore store = null;
            try {
                store = stores.open(region);
                progress.phase("read " + component.name() + " from " + region.name() + " (s3://" + region.bucket() + ")");
                store.probe();
                BackupEntry entry = VerifyRestoreService.select(new BackupCatalog(store), component, request.backup(), request.recoveryTarget());
                return new Opened(store, region, entry);
            } catch (InvalidRequestException e) {
                close(store);
                throw e;
            } catch (RuntimeException e) {
                close(store);
                String reason = region.name() + ": the store does not answer (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")";
                skipped.add(reason);
                progress.info(reason + (request.anyRegion() ? "; trying the next region" : ""));
            }
        }
        throw new RestoreException("no region could be read: " + String.join("; ", skipped)
                + (request.anyRegion() ? "" : "; pass --region with a surviving region, or --any-region to fall back in the plan's order"));
    }

    private static void close(ObjectStore store) {
        if (store != null) {
            try {
                store.close();
            } catch (RuntimeException ignored) {
                // the store already failed; its reason is reported
            }
        }
    }

    private RestoreOutcome restore(Component component, Manifest manifest, ArtifactRecord artifact, String rawName, RestoreTarget target,
            ObjectStore store, Region region, RestoreRequest request, List<String> skipped) {
        Instant start = clock.instant();
        Path workDir = request.workDir().orElse(Path.of(System.getProperty("java.io.tmpdir")));
        Path scratch;
        try {
            scratch = Files.createTempDirectory(workDir, "dr-restore-");
        } catch (IOException e) {
            throw InvalidRequestException.of(Parameter.WORK_DIR.given(workDir), ": cannot create a folder there (" + e.getMessage()
                    + "); choose a writable directory with room for the backup");
        }
        RestoreTarget.Applied applied;
        try {
            Path raw = scratch.resolve(rawName);
            progress.phase("fetch and verify " + artifact.fileName() + " of " + component.name() + "/" + manifest.backupId() + " from " + region.name());
            ArtifactFetcher.Fetched fetched;
            try (OutputStream out = Files.newOutputStream(raw)) {
                fetched = new ArtifactFetcher(store, secrets.ageIdentity(), progress).fetch(manifest, artifact, out);
            }
            if (!fetched.ok()) {
                throw new RestoreException("backup " + component.name() + "/" + manifest.backupId() + " in " + region.name() + " is not intact: "
                        + fetched.failure().get() + "; nothing was written to " + target.describe()
                        + "; restore another backup (dr backups lists them) or another region's copy (--region)");
            }
            progress.phase("restore into " + target.describe());
            applied = target.apply(manifest, raw);
        } catch (IOException e) {
            throw new RestoreException("restore of " + component.name() + "/" + manifest.backupId() + " into " + target.describe() + " failed: "
                    + e.getMessage() + "; the target was left as it was", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("restore of " + component.name() + " interrupted; the target was left as it was");
        } finally {
            TempFiles.deleteRecursively(scratch);
        }
        Instant end = clock.instant();
        RestoreRecord record = new RestoreRecord(RestoreRecord.KIND, manifest.backupId(), component.name(), end, region.name(), target.describe(),
                Duration.between(start, end).toMillis() / 1000.0, artifact.rawBytes(), applied.recoveryPoint().orElse(manifest.consistentAt()),
                applied.detail(), VerifyRestoreService.hostName(), Version.current());
        Optional<String> recordedIn = applied.written() ? record(store, record) : Optional.empty();
        return new RestoreOutcome(record, applied.written(), applied.changes(), recordedIn, skipped);
    }

    /** The evidence goes beside the manifest it restored; a store that refuses it does not undo the restore. */
    private Optional<String> record(ObjectStore store, RestoreRecord record) {
        BackupId id = BackupId.parse(record.backupId()).orElseThrow();
        String key = BackupLayout.restoreHistoryKey(record.component(), id, record.restoredAt(), UUID.randomUUID().toString().substring(0, 8));
        try {
            store.putBytes(key, Json.toBytes(record), "application/json");
            return Optional.of("s3://" + store.bucket() + "/" + key);
        } catch (RuntimeException e) {
            progress.info("restored, but the restore record could not be stored in " + store.regionName() + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
