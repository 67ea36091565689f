package org.drjenkins.engine.restore;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.drjenkins.engine.Version;
import org.drjenkins.engine.assets.AssetVerifier;
import org.drjenkins.engine.codec.AgeKeys;
import org.drjenkins.engine.config.Component;
import org.drjenkins.engine.config.ComponentType;
import org.drjenkins.engine.config.Compression;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.manifest.ArtifactRecord;
import org.drjenkins.engine.manifest.BackupCatalog;
import org.drjenkins.engine.manifest.BackupEntry;
import org.drjenkins.engine.manifest.BackupId;
import org.drjenkins.engine.manifest.BackupLayout;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.manifest.Replicas;
import org.drjenkins.engine.manifest.VerificationRecord;
import org.drjenkins.engine.manifest.VerificationRecord.CheckResult;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreProvider;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.util.Parameter;
import org.drjenkins.engine.util.Json;
import org.drjenkins.engine.util.TempFiles;

/**
 * Proves a backup: integrity (size, SHA-256, age authentication, full decompression), a real restore into a scratch
 * place, and checks of the restored copy. The wall time of those phases is the measured RTO of a restore; the age of the
 * recovery point is the RPO. The record is stored beside the manifest in every region holding the backup: appended to
 * its history always, and made its current record only when it is conclusive (a failure of the environment, such as a
 * full scratch disk or an unreachable recovery target, never counts against the backup).
 */
public final class VerifyRestoreService {

    static final String FETCH = "fetchVerify";
    static final String RESTORE = "restore";
    static final String CHECKS = "checks";
    /** Starts the failure line of a run the environment failed: it is kept as history, never as a failed backup. */
    static final String NOT_THE_BACKUP = "not a failure of the backup: ";

    private final DrConfig config;
    private final Secrets secrets;
    private final StoreProvider stores;
    private final Clock clock;
    private final Progress progress;

    public VerifyRestoreService(DrConfig config, Secrets secrets, StoreProvider stores, Clock clock, Progress progress) {
        this.config = config;
        this.secrets = secrets;
        this.stores = stores;
        this.clock = clock;
        this.progress = progress;
    }

    /**
     * Verifies one backup and stores the record in every region holding it.
     *
     * @throws InvalidRequestException bad input: unknown component or backup, contradictory options, an encrypted backup
     *                                 without an age identity, an existing database on {@code --target} without replace
     * @throws UncheckedIOException    the scratch place could not be made (no PostgreSQL tools, target unreachable):
     *                                 says nothing about the backup, so no record is stored
     * @throws java.util.concurrent.CancellationException the thread was interrupted; no record is stored
     */
    public VerifyOutcome run(VerifyRequest request) {
        Component component = config.component(request.component())
                .orElseThrow(() -> InvalidRequestException.of(Parameter.COMPONENT.given(request.component()), ": no such component; configured: "
                        + String.join(", ", config.components().keySet())));
        if (request.target().isPresent() && component.type() != ComponentType.POSTGRES) {
            throw InvalidRequestException.of(Parameter.TARGET, ": only postgres components restore into a server; " + component.name() + " is "
                    + component.type().yamlName());
        }
        if (request.target().isPresent() && request.integrityOnly()) {
            throw InvalidRequestException.of(Parameter.TARGET, " with ", Parameter.INTEGRITY_ONLY, ": an integrity check restores nothing; drop one of them");
        }
        if (request.replace() && request.target().isEmpty()) {
            throw InvalidRequestException.of(Parameter.REPLACE, " needs ", Parameter.TARGET, ": the ephemeral cluster is always new");
        }
        if (!request.recoveryTarget().isEnd() && component.type() != ComponentType.POSTGRES_CLUSTER) {
            throw InvalidRequestException.of(Parameter.TO_TIME, "/", Parameter.TO_LSN, ": only postgres-cluster components have WAL to replay to a point; "
                    + component.name() + " is " + component.type().yamlName());
        }
        try (ObjectStore primary = stores.open(config.primary())) {
            BackupEntry entry = select(new BackupCatalog(primary), component, request);
            Manifest manifest = entry.manifest().orElseThrow();
            Optional<String> wrongKey = identityProblem(secrets, manifest);
            if (wrongKey.isPresent()) {
                // The operator's key is wrong, not the backup: no record, so a good backup is never marked failed.
                VerificationRecord notRun = new VerificationRecord(manifest.backupId(), clock.instant(), false, mode(request),
                        List.of(wrongKey.get()), Map.of(), 0, Duration.between(manifest.consistentAt(), clock.instant()).toMillis() / 1000.0,
                        0, List.of(), hostName(), Version.current()).failedByEnvironment();
                return new VerifyOutcome(component.name(), notRun, config.targetsFor(component.name()), manifest.consistentAt(), List.of());
            }
            Verified verified = component.type() == ComponentType.S3_PREFIX
                    ? new Verified(new AssetVerifier(config, stores, clock, progress).verify(component, entry, primary,
                            request.integrityOnly()), manifest.consistentAt())
                    : verify(component, manifest, primary, request);
            List<String> recordedIn = store(verified.record(), entry, primary, request.integrityOnly());
            return new VerifyOutcome(component.name(), verified.record(), config.targetsFor(component.name()), verified.recoveryPoint(),
                    recordedIn);
        }
    }

    /**
     * Empty when the identity can decrypt the backup, or the backup is not encrypted; a missing or malformed identity
     * is bad input. Compares public keys only, so the message can name both sides.
     */
    static Optional<String> identityProblem(Secrets secrets, Manifest manifest) {
        if (!manifest.encrypted()) {
            return Optional.empty();
        }
        String text = secrets.ageIdentity().orElseThrow(() -> InvalidRequestException.of("backup " + manifest.backupId()
                + " is age-encrypted: set ", Parameter.AGE_IDENTITY, " to the private key matching one of its recipients"));
        List<String> held = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String key = line.trim();
            if (key.isEmpty() || key.startsWith("#")) {
                continue;
            }
            try {
                held.add(AgeKeys.recipientOf(key));
            } catch (IllegalArgumentException e) {
                throw InvalidRequestException.of(Parameter.AGE_IDENTITY, ": " + e.getMessage());
            }
        }
        if (held.isEmpty()) {
            throw InvalidRequestException.of(Parameter.AGE_IDENTITY, " holds no age secret key (only comments or blank lines)");
        }
        List<String> recipients = manifest.encryption().recipients();
        if (held.stream().anyMatch(recipients::contains)) {
            return Optional.empty();
        }
        return Optional.of("age identity does not match: backup " + manifest.backupId() + " is encrypted to "
                + String.join(", ", recipients) + "; the identity given (DR_AGE_IDENTITY or DR_AGE_IDENTITY_FILE) is the key of " + String.join(", ", held));
    }

    /** "database.dump.zst.age" is restored from "database.dump": the name pg_restore errors will show. */
    static String rawFileName(Manifest manifest, ArtifactRecord artifact) {
        String name = artifact.fileName();
        if (manifest.encrypted() && name.endsWith(".age")) {
            name = name.substring(0, name.length() - ".age".length());
        }
        String suffix = Compression.fromYaml(manifest.compression()).map(Compression::suffix).orElse("");
        if (!suffix.isEmpty() && name.endsWith(suffix) && name.length() > suffix.length()) {
            name = name.substring(0, name.length() - suffix.length());
        }
        return name;
    }

    private static String mode(VerifyRequest request) {
        return request.integrityOnly() ? "integrity" : "restore";
    }

    /** A point-in-time restore starts from the newest base backup finished before its target. */
    private static BackupEntry select(BackupCatalog catalog, Component component, VerifyRequest request) {
        return select(catalog, component, request.backup(), request.integrityOnly() ? RecoveryTarget.END : request.recoveryTarget());
    }

    /** The backup {@code selector} names; with a point in time for a cluster, the newest base backup usable for it. */
    static BackupEntry select(BackupCatalog catalog, Component component, String selector, RecoveryTarget recoveryTarget) {
        String wanted = selector == null || selector.isBlank() ? "latest" : selector;
        if (component.type() == ComponentType.POSTGRES_CLUSTER && !recoveryTarget.isEnd()) {
            if ("latest".equals(wanted)) {
                return BaseBackupChoice.newestBefore(catalog.list(component.name()), component.name(), recoveryTarget);
            }
            BackupEntry chosen = select(catalog, component.name(), wanted);
            BaseBackupChoice.requireUsable(chosen, recoveryTarget);
            return chosen;
        }
        return select(catalog, component.name(), wanted);
    }

    private static BackupEntry select(BackupCatalog catalog, String component, String selector) {
        String wanted = selector == null || selector.isBlank() ? "latest" : selector;
        Optional<BackupEntry> entry = switch (wanted) {
            case "latest" -> catalog.latest(component);
            case "latest-verified" -> catalog.latestVerified(component);
            default -> BackupId.parse(wanted).map(id -> catalog.read(component, id))
                    .or(() -> {
                        throw InvalidRequestException.of(Parameter.BACKUP.given(wanted), ": not a backup id (like 20260125T021500Z-3f9a), latest or latest-verified");
                    });
        };
        BackupEntry found = entry.orElseThrow(() -> InvalidRequestException.of(Parameter.BACKUP.given(wanted), ": no "
                + ("latest-verified".equals(wanted) ? "verified " : "") + "backup of " + component + " found"));
        if (!found.complete()) {
            throw InvalidRequestException.of(Parameter.BACKUP.given(wanted), ": " + component + "/" + found.id()
                    + " has no manifest (no such backup, or an unfinished or failed one); dr backups lists them");
        }
        return found;
    }

    /** The record, and the recovery point the restore reached (the backup's own unless WAL was replayed past it). */
    private record Verified(VerificationRecord record, Instant recoveryPoint) {
    }

    private Verified verify(Component component, Manifest manifest, ObjectStore store, VerifyRequest request) {
        Instant start = clock.instant();
        Instant recoveryPoint = manifest.consistentAt();
        Map<String, Double> phases = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        List<CheckResult> checks = new ArrayList<>();
        // Set when the run failed because of where it ran; such a run is history, never a failed backup.
        boolean environmental = false;
        long restoredBytes = 0;
        Path workDir = request.workDir().orElse(Path.of(System.getProperty("java.io.tmpdir")));
        Path scratch;
        try {
            scratch = Files.createTempDirectory(workDir, "dr-verify-");
        } catch (IOException e) {
            throw InvalidRequestException.of(Parameter.WORK_DIR.given(workDir), ": cannot create a scratch folder there (" + e.getMessage()
                    + "); choose a writable directory with room for the backup");
        }
        ComponentRestorer restorer = null;
        ScratchPreparation preparation = null;
        try {
            if (!request.integrityOnly()) {
                restorer = restorerFor(component, request, scratch, workDir, store);
                aborting(restorer::preflight, manifest);
            }
            if (manifest.artifacts().size() != 1) {
                failures.add("manifest of " + manifest.backupId() + ": expected exactly 1 artifact, found " + manifest.artifacts().size());
            } else {
                ArtifactRecord artifact = manifest.artifacts().get(0);
                ArtifactFetcher fetcher = new ArtifactFetcher(store, secrets.ageIdentity(), progress);
                progress.phase("fetch and verify " + artifact.fileName() + " of " + component.name() + "/" + manifest.backupId());
                Instant fetchStart = clock.instant();
                Path raw = scratch.resolve(rawFileName(manifest, artifact));
                if (restorer != null) {
                    preparation = ScratchPreparation.start(restorer, manifest);
                }
                LocalWrites sink = new LocalWrites(request.integrityOnly() ? OutputStream.nullOutputStream() : openLocalCopy(raw));
                try (sink) {
                    ArtifactFetcher.Fetched fetched = fetcher.fetch(manifest, artifact, sink);
                    fetched.failure().ifPresent(failures::add);
                    restoredBytes = fetched.rawBytes();
                }
                phases.put(FETCH, seconds(fetchStart));
                if (sink.failure.isPresent()) {
                    // The stored bytes were fine as far as they were read: the local copy could not be written.
                    environmental = true;
                    failures.add(NOT_THE_BACKUP + "cannot write the local copy in " + workDir + ": "
                            + EnvironmentFailure.of(sink.failure.get()).orElse(sink.failure.get().getMessage()));
                }
                if (failures.isEmpty() && restorer != null) {
                    Restored restored = restoreAndCheck(restorer, preparation, component, manifest, raw, phases, failures, checks);
                    recoveryPoint = restored.reached().orElse(recoveryPoint);
                    environmental = restored.environmental();
                }
            }
        } catch (IOException e) {
            boolean local = EnvironmentFailure.of(e).isPresent();
            environmental |= local;
            failures.add((local ? NOT_THE_BACKUP : "") + e.getMessage());
        } catch (InterruptedException e) {
            // Stopped by the operator: that proves nothing about the backup, so nothing is recorded.
            Thread.currentThread().interrupt();
            throw new CancellationException("verify-restore of " + component.name() + "/" + manifest.backupId()
                    + " was interrupted; nothing recorded");
        } finally {
            if (preparation != null) {
                preparation.discard();
            }
            if (restorer != null) {
                restorer.close();
            }
            TempFiles.deleteRecursively(scratch);
        }
        Instant end = clock.instant();
        double rto = Duration.between(start, end).toMillis() / 1000.0;
        double rpo = Duration.between(recoveryPoint, end).toMillis() / 1000.0;
        VerificationRecord record = new VerificationRecord(manifest.backupId(), end, failures.isEmpty(), mode(request), failures, phases,
                rto, rpo, restoredBytes, checks, hostName(), Version.current());
        return new Verified(environmental ? record.failedByEnvironment() : record, recoveryPoint);
    }

    /** The local copy of the artifact; a file that cannot even be created is the work directory's fault. */
    private static OutputStream openLocalCopy(Path raw) throws EnvironmentFailure {
        try {
            return Files.newOutputStream(raw);
        } catch (IOException e) {
            throw new EnvironmentFailure("cannot create " + raw + ": " + EnvironmentFailure.of(e).orElse(String.valueOf(e.getMessage())), e);
        }
    }

    /** Remembers the first failed write to the local copy, so a full disk is not taken for a broken backup. */
    private static final class LocalWrites extends java.io.FilterOutputStream {

        private Optional<IOException> failure = Optional.empty();

        LocalWrites(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (IOException e) {
                throw remember(e);
            }
        }

        private IOException remember(IOException e) {
            if (failure.isEmpty()) {
                failure = Optional.of(e);
            }
            return e;
        }
    }

    private interface Step {
        void run(Manifest manifest) throws IOException, InterruptedException;
    }

    /** A scratch place that cannot be made says nothing about the backup: it aborts the run instead of failing the backup. */
    private static void aborting(Step step, Manifest manifest) throws InterruptedException {
        try {
            step.run(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * @param reached     the recovery point the restorer reached, when it replayed past the backup's own
     * @param environmental whether the restore failed because of the environment, not the backup
     */
    private record Restored(Optional<Instant> reached, boolean environmental) {
    }

    private Restored restoreAndCheck(ComponentRestorer restorer, ScratchPreparation preparation, Component component,
            Manifest manifest, Path raw,
            Map<String, Double> phases, List<String> failures, List<CheckResult> checks) throws IOException, InterruptedException {
        String place = "a scratch " + switch (component.type()) {
            case POSTGRES -> "database";
            case POSTGRES_CLUSTER -> "cluster";
            case DIRECTORY, COMMAND, S3_PREFIX -> "directory";
            case JENKINS_HOME -> "JENKINS_HOME";
        };
        progress.phase("prepare " + place);
        Instant restoreStart = clock.instant();
        // Started while the artifact downloaded; what remains of it is waited for here.
        aborting(m -> preparation.await(), manifest);
        progress.phase("restore " + component.name() + "/" + manifest.backupId() + " into " + place);
        try {
            restorer.restore(manifest, raw);
        } catch (IOException e) {
            phases.put(RESTORE, seconds(restoreStart));
            boolean local = EnvironmentFailure.of(e).isPresent();
            failures.add((local ? "restore could not finish (" + NOT_THE_BACKUP.replace(": ", "") + "): " : "restore failed: ") + e.getMessage());
            return new Restored(Optional.empty(), local);
        }
        phases.put(RESTORE, seconds(restoreStart));
        progress.phase("check the restored copy");
        Instant checkStart = clock.instant();
        checks.addAll(restorer.check(manifest));
        phases.put(CHECKS, seconds(checkStart));
        phases.putAll(restorer.phaseSeconds());
        checks.stream().filter(c -> !c.passed()).forEach(c -> failures.add("check failed: " + c.name() + ": " + c.detail()));
        return new Restored(restorer.recoveryPointReached(), false);
    }

    private ComponentRestorer restorerFor(Component component, VerifyRequest request, Path scratch, Path workDir, ObjectStore store)
            throws IOException {
        return switch (component.type()) {
            // The ephemeral cluster lives in its own temporary folder (LocalCluster.ephemeral): as root it must be owned
            // by postgres, which cannot enter the private scratch folder.
            case POSTGRES -> new PostgresComponentRestorer(component, request.target(), request.replace(), secrets.pgPassword(), progress);
            case DIRECTORY -> new DirectoryRestorer(scratch);
            case JENKINS_HOME -> new JenkinsHomeVerifier(scratch, request.war(), request.plugins(), JenkinsHomeVerifier.DEFAULT_BOOT_TIMEOUT,
                    progress);
            case COMMAND, S3_PREFIX -> new CommandOutputRestorer();
            case POSTGRES_CLUSTER -> new PointInTimeRestorer(component, request.recoveryTarget(), store, secrets.ageIdentity(), workDir, progress);
        };
    }

    /**
     * Appends the record to the backup's history in every region holding a copy and, when it is conclusive, makes it the
     * backup's current record there. An inconclusive run (the environment failed) never replaces the current record:
     * evidence is only made weaker by a failure of the backup itself. A region that fails is reported, not fatal.
     *
     * @return the regions where the record became the backup's current record; empty for an inconclusive run
     */
    private List<String> store(VerificationRecord record, BackupEntry entry, ObjectStore primary, boolean integrityOnly) {
        BackupId id = entry.id();
        String current = integrityOnly ? BackupLayout.integrityKey(entry.component(), id) : BackupLayout.verificationKey(entry.component(), id);
        String history = BackupLayout.verificationHistoryKey(entry.component(), id, record.verifiedAt(), record.mode(),
                java.util.UUID.randomUUID().toString().substring(0, 8));
        byte[] json = Json.toBytes(record);
        List<String> recordedIn = new ArrayList<>();
        write(primary, history, current, json, record.conclusive());
        if (record.conclusive()) {
            recordedIn.add(config.primary().name());
        } else {
            progress.info("not recorded as a failed backup (the environment failed, not the backup); kept as history in s3://"
                    + primary.bucket() + "/" + history);
        }
        List<String> holders = entry.replicas().map(Replicas::regions).orElse(List.of());
        for (Region region : config.regions()) {
            if (region.isPrimary() || !holders.contains(region.name())) {
                continue;
            }
            try (ObjectStore store = stores.open(region)) {
                write(store, history, current, json, record.conclusive());
                if (record.conclusive()) {
                    recordedIn.add(region.name());
                }
            } catch (RuntimeException e) {
                progress.info("could not store the verification record in " + region.name() + ": " + e.getMessage());
            }
        }
        return recordedIn;
    }

    /** History first: a run that reached the current record is always also in the history. */
    private static void write(ObjectStore store, String history, String current, byte[] json, boolean conclusive) {
        store.putBytes(history, json, "application/json");
        if (conclusive) {
            store.putBytes(current, json, "application/json");
        }
    }

    private double seconds(Instant since) {
        return Duration.between(since, clock.instant()).toMillis() / 1000.0;
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
