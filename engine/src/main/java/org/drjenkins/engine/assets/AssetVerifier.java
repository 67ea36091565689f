package org.drjenkins.engine.assets;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.Version;
import org.drjenkins.engine.config.Component;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.manifest.ArtifactRecord;
import org.drjenkins.engine.manifest.BackupEntry;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.manifest.Replicas;
import org.drjenkins.engine.manifest.VerificationRecord;
import org.drjenkins.engine.manifest.VerificationRecord.CheckResult;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreException;
import org.drjenkins.engine.storage.StoreProvider;

/**
 * Proves an s3-prefix backup: re-reads a sample of the object copies in every region that holds the backup and
 * compares each SHA-256 with the key manifest's, then (when configured) asks the CDN for an asset. For static assets
 * the copy in the other region's bucket is the restore: the CDN's origin failover serves it as it is, so the time to
 * read the sample back is recorded as the measured restore time.
 */
public final class AssetVerifier {

    /** Buckets up to this many objects are re-read completely by default; bigger ones by a random sample. */
    public static final int READ_ALL_UP_TO = 10_000;
    public static final int DEFAULT_SAMPLE = 1_000;

    private final DrConfig config;
    private final StoreProvider stores;
    private final Clock clock;
    private final Progress progress;

    public AssetVerifier(DrConfig config, StoreProvider stores, Clock clock, Progress progress) {
        this.config = config;
        this.stores = stores;
        this.clock = clock;
        this.progress = progress;
    }

    /** @param primary the primary region's bucket, which holds the manifest and the key manifest */
    public VerificationRecord verify(Component component, BackupEntry entry, ObjectStore primary, boolean integrityOnly) {
        Manifest manifest = entry.manifest().orElseThrow();
        Instant start = clock.instant();
        List<String> failures = new ArrayList<>();
        List<CheckResult> checks = new ArrayList<>();
        long bytes = 0;
        Optional<AssetListing> listing = readListing(primary, component.name(), entry, manifest, failures);
        if (listing.isPresent()) {
            List<AssetObject> sample = sample(listing.get().objects(), component.s3Prefix().sample().orElse(0));
            List<String> holders = entry.replicas().map(Replicas::regions).orElse(List.of());
            for (Region region : config.regions()) {
                if (region.isPrimary()) {
                    continue;
                }
                if (!holders.contains(region.name())) {
                    failures.add(region.name() + ": holds no complete copy of backup " + manifest.backupId());
                    continue;
                }
                progress.phase("re-read " + sample.size() + " of " + listing.get().objects().size() + " objects in " + region.name());
                bytes += reread(component.name(), region, sample, failures);
            }
        }
        Map<String, Double> phases = new LinkedHashMap<>();
        phases.put("fetchVerify", Duration.between(start, clock.instant()).toMillis() / 1000.0);
        component.s3Prefix().cdnCheck().ifPresent(spec -> {
            progress.phase("ask the CDN: " + spec);
            CheckResult cdn = CdnCheck.probe(spec);
            checks.add(cdn);
            if (!cdn.passed()) {
                failures.add("check failed: " + cdn.name() + ": " + cdn.detail());
            }
        });
        Instant end = clock.instant();
        return new VerificationRecord(manifest.backupId(), end, failures.isEmpty(), integrityOnly ? "integrity" : "restore",
                failures, phases, Duration.between(start, end).toMillis() / 1000.0,
                Duration.between(manifest.consistentAt(), end).toMillis() / 1000.0, bytes, checks, hostName(), Version.current());
    }

    private static Optional<AssetListing> readListing(ObjectStore primary, String component, BackupEntry entry, Manifest manifest,
            List<String> failures) {
        Optional<byte[]> bytes = primary.getBytes(AssetLayout.listingKey(component, entry.id()));
        if (bytes.isEmpty()) {
            failures.add(AssetLayout.listingKey(component, entry.id()) + " is missing: the backup's key manifest is gone");
            return Optional.empty();
        }
        String expected = manifest.artifacts().stream().map(ArtifactRecord::sha256).findFirst().orElse("");
        if (!Sha256.of(bytes.get()).equals(expected)) {
            failures.add(AssetLayout.listingKey(component, entry.id()) + ": SHA-256 differs from the manifest's: the key manifest is damaged");
            return Optional.empty();
        }
        return AssetListings.read(primary, component, entry.id());
    }

    /** {@code wanted} 0 for the default: all of a small bucket. */
    static List<AssetObject> sample(List<AssetObject> objects, int wanted) {
        int size = wanted > 0 ? wanted : objects.size() <= READ_ALL_UP_TO ? objects.size() : DEFAULT_SAMPLE;
        if (size >= objects.size()) {
            return objects;
        }
        // A fresh random sample each run: over many runs every copy gets read.
        List<AssetObject> shuffled = new ArrayList<>(objects);
        Collections.shuffle(shuffled, new java.security.SecureRandom());
        return shuffled.subList(0, size);
    }

    private long reread(String component, Region region, List<AssetObject> sample, List<String> failures) {
        List<Reread> results;
        try (ObjectStore store = stores.open(region)) {
            results = Parallel.map(sample, object -> reread(store, component, object));
        } catch (RuntimeException e) {
            failures.add(region.name() + ": " + e.getMessage());
            return 0;
        }
        long bytes = 0;
        int bad = 0;
        for (Reread result : results) {
            bytes += result.bytes();
            if (result.problem() != null && bad++ < 5) {
                failures.add(region.name() + ": " + result.problem());
            }
        }
        if (bad > 5) {
            failures.add(region.name() + ": " + (bad - 5) + " more damaged or unreadable copies");
        }
        return bytes;
    }

    /** Bytes read and, when the copy is not what the manifest says, why. */
    private record Reread(long bytes, String problem) {
    }

    private static Reread reread(ObjectStore store, String component, AssetObject object) {
        String key = AssetLayout.objectKey(component, object.sha256());
        String where = object.key() + " (" + key + "): ";
        try (InputStream in = store.open(key)) {
            Sha256 read = Sha256.of(in);
            return new Reread(read.bytes(), read.hex().equals(object.sha256()) ? null : where + "SHA-256 of the copy is "
                    + read.hex() + ", the manifest says " + object.sha256() + ": the copy is damaged");
        } catch (IOException | StoreException e) {
            return new Reread(0, where + "cannot be read back (" + e.getMessage() + ")");
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
