package org.drjenkins.engine.assets;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.drjenkins.engine.Version;
import org.drjenkins.engine.config.Component;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.S3PrefixSpec;
import org.drjenkins.engine.manifest.ArtifactRecord;
import org.drjenkins.engine.manifest.BackupCatalog;
import org.drjenkins.engine.manifest.BackupEntry;
import org.drjenkins.engine.manifest.BackupId;
import org.drjenkins.engine.manifest.BackupLayout;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.manifest.Replicas;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.retention.RetentionDecision;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.ObjectVersion;
import org.drjenkins.engine.storage.StoreException;
import org.drjenkins.engine.storage.StoreProvider;
import org.drjenkins.engine.util.Json;

/**
 * Backs up static assets: lists the origin bucket, reads only the objects that are new or changed since the previous
 * backup (to take their SHA-256), copies them server-side into every other region's bucket under their digest, and
 * records the key manifest. A region's {@code manifest.json} is written only once every object of the listing is in
 * its bucket, so a region with a manifest always holds a complete copy; the primary's (which the catalog, compliance and
 * verification read) is written once at least one region's copy is complete.
 */
public final class AssetBackup {

    private final DrConfig config;
    private final StoreProvider stores;
    private final Clock clock;
    private final Progress progress;

    public AssetBackup(DrConfig config, StoreProvider stores, Clock clock, Progress progress) {
        this.config = config;
        this.stores = stores;
        this.clock = clock;
        this.progress = progress;
    }

    /** The region whose store holds the origin bucket: the primary's, at the component's endpoint if it names one. */
    public static Region originRegion(DrConfig config, S3PrefixSpec spec) {
        Region primary = config.primary();
        return new Region(primary.name(), primary.role(), spec.bucket(), spec.endpoint() != null ? spec.endpoint() : primary.endpoint());
    }

    public AssetBackupResult run(Component component, boolean skipCopies, boolean skipRetention) {
        S3PrefixSpec spec = component.s3Prefix();
        Instant started = clock.instant();
        BackupId id = BackupId.newId(started);
        Region primaryRegion = config.primary();
        try (ObjectStore origin = stores.open(originRegion(config, spec)); ObjectStore primary = stores.open(primaryRegion)) {
            progress.phase("list s3://" + spec.bucket() + "/" + spec.prefix() + " (" + component.name() + ")");
            Map<String, AssetObject> previous = previousObjects(primary, component.name());
            List<ObjectVersion> listed = origin.listVersions(spec.prefix()).stream().filter(o -> !o.key().endsWith("/")).toList();
            AssetListing listing = digest(component, origin, listed, previous, spec, started);
            progress.info(listing.objects().size() + " objects: " + listing.added().size() + " new, " + listing.changed().size()
                    + " changed, " + listing.deleted().size() + " deleted since the previous backup");
            byte[] listingBytes = Json.toBytes(listing);
            Manifest manifest = manifest(component, id, started, listing, listingBytes, primaryRegion);

            List<String> regions = new ArrayList<>(List.of(primaryRegion.name()));
            Map<String, Integer> copied = new LinkedHashMap<>();
            List<String> failures = new ArrayList<>();
            List<Replicas.Copy> copies = new ArrayList<>(List.of(new Replicas.Copy(primaryRegion.name(), spec.bucket(), clock.instant(), true)));
            boolean others = false;
            if (!skipCopies) {
                for (Region region : config.regions()) {
                    if (region.isPrimary()) {
                        continue;
                    }
                    others = true;
                    progress.phase("copy changed objects of " + component.name() + " to " + region.name());
                    try (ObjectStore target = stores.open(region)) {
                        int count = copyInto(component.name(), origin, target, listing, failures, region.name());
                        copied.put(region.name(), count);
                        if (failures.stream().noneMatch(f -> f.startsWith(region.name() + ":"))) {
                            target.putBytes(AssetLayout.listingKey(component.name(), id), listingBytes, "application/json");
                            // Last: only now is this region's copy a backup.
                            target.putBytes(BackupLayout.manifestKey(component.name(), id), Json.toBytes(manifest), "application/json");
                            regions.add(region.name());
                            copies.add(new Replicas.Copy(region.name(), target.bucket(), clock.instant(), true));
                            progress.info(region.name() + ": " + count + " objects copied, copy complete");
                        }
                    } catch (RuntimeException e) {
                        failures.add(region.name() + ": " + e.getMessage());
                        progress.info("copy to " + region.name() + " FAILED: " + e.getMessage());
                    }
                }
            }
            if (others && regions.size() == 1) {
                throw new AssetException(component.name() + ": no region holds a complete copy of this run, nothing recorded: "
                        + String.join("; ", failures.stream().limit(3).toList()));
            }
            primary.putBytes(AssetLayout.listingKey(component.name(), id), listingBytes, "application/json");
            primary.putBytes(BackupLayout.manifestKey(component.name(), id), Json.toBytes(manifest), "application/json");
            primary.putBytes(BackupLayout.replicasKey(component.name(), id), Json.toBytes(new Replicas(id.value(), copies)), "application/json");
            progress.info("manifest written: backup " + id + " of " + listing.objects().size() + " objects is complete");
            List<RetentionDecision> retention = skipRetention ? List.of()
                    : new AssetRetention(config, stores, clock, progress).apply(component.name(), primary, started);
            return new AssetBackupResult(manifest, listing, regions, copied, failures, retention);
        }
    }

    /** The objects of the newest complete backup, to tell what changed; empty for the first backup. */
    private static Map<String, AssetObject> previousObjects(ObjectStore primary, String component) {
        Optional<BackupEntry> latest = new BackupCatalog(primary).latest(component);
        Map<String, AssetObject> byKey = new HashMap<>();
        latest.flatMap(e -> AssetListings.read(primary, component, e.id()))
                .ifPresent(l -> l.objects().forEach(o -> byKey.put(o.key(), o)));
        return byKey;
    }

    private AssetListing digest(Component component, ObjectStore origin, List<ObjectVersion> listed,
            Map<String, AssetObject> previous, S3PrefixSpec spec, Instant listedAt) {
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<ObjectVersion> toRead = new ArrayList<>();
        for (ObjectVersion version : listed) {
            seen.add(version.key());
            AssetObject before = previous.get(version.key());
            if (before == null || !before.sameVersionAs(version)) {
                (before == null ? added : changed).add(version.key());
                toRead.add(version);
            }
        }
        // Only new and changed objects are read: their digest names their copy.
        Map<String, String> digests = new HashMap<>();
        List<String> read = Parallel.map(toRead, version -> readDigest(component, origin, version));
        for (int i = 0; i < toRead.size(); i++) {
            digests.put(toRead.get(i).key(), read.get(i));
        }
        List<AssetObject> objects = new ArrayList<>();
        for (ObjectVersion version : listed) {
            String digest = digests.get(version.key());
            objects.add(digest == null ? previous.get(version.key())
                    : new AssetObject(version.key(), version.size(), version.etag(), version.lastModified(), digest));
        }
        List<String> deleted = previous.keySet().stream().filter(k -> !seen.contains(k)).sorted().toList();
        return new AssetListing(AssetListing.FORMAT_VERSION, spec.bucket(), spec.prefix(), listedAt, objects, added, changed, deleted);
    }

    private static String readDigest(Component component, ObjectStore origin, ObjectVersion version) {
        try (InputStream in = origin.open(version.key())) {
            Sha256 sha = Sha256.of(in);
            if (sha.bytes() != version.size()) {
                throw new AssetException(component.name() + ": s3://" + origin.bucket() + "/" + version.key() + " changed while it was read ("
                        + version.size() + " bytes listed, " + sha.bytes() + " read); nothing recorded, run the backup again");
            }
            return sha.hex();
        } catch (IOException e) {
            throw new AssetException(component.name() + ": reading s3://" + origin.bucket() + "/" + version.key() + " failed ("
                    + e.getMessage() + "); nothing recorded", e);
        }
    }

    /** Copies every object of the listing the region does not hold yet; returns how many it copied. */
    private static int copyInto(String component, ObjectStore origin, ObjectStore target, AssetListing listing,
            List<String> failures, String regionName) {
        // A copy of the wrong size (a truncated write by some other tool) is copied again; one with flipped bytes is
        // found by verification and copied again once removed (docs/configuration.md).
        Map<String, Long> present = new HashMap<>();
        target.list(AssetLayout.objectsPrefix(component)).forEach(o -> present.put(o.key(), o.size()));
        // One copy per digest: two keys with the same bytes share it.
        Map<String, AssetObject> missing = new LinkedHashMap<>();
        for (AssetObject object : listing.objects()) {
            String key = AssetLayout.objectKey(component, object.sha256());
            Long size = present.get(key);
            if (size == null || size != object.size()) {
                missing.putIfAbsent(key, object);
            }
        }
        List<Map.Entry<String, AssetObject>> work = new ArrayList<>(missing.entrySet());
        List<String> problems = Parallel.map(work, entry -> copyOne(origin, target, entry.getKey(), entry.getValue()));
        int failed = 0;
        for (String problem : problems) {
            if (problem != null && failed++ < 3) {
                failures.add(regionName + ": " + problem);
            }
        }
        if (failed > 3) {
            failures.add(regionName + ": " + (failed - 3) + " more objects failed to copy");
        }
        return work.size() - failed;
    }

    /** Null when copied, else what went wrong. */
    private static String copyOne(ObjectStore origin, ObjectStore target, String key, AssetObject object) {
        try {
            var stored = target.copyObject(origin, object.key(), object.etag(), key);
            if (stored.size() != object.size()) {
                target.delete(key);
                return object.key() + ": the copy holds " + stored.size() + " bytes, " + object.size() + " expected";
            }
            return null;
        } catch (StoreException e) {
            return object.key() + ": " + e.getMessage();
        }
    }

    private Manifest manifest(Component component, BackupId id, Instant started, AssetListing listing, byte[] listingBytes,
            Region primaryRegion) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("bucket", listing.bucket());
        source.put("prefix", listing.prefix());
        source.put("objects", listing.objects().size());
        source.put("bytes", listing.bytes());
        source.put("added", listing.added().size());
        source.put("changed", listing.changed().size());
        source.put("deleted", listing.deleted().size());
        String listingKey = AssetLayout.listingKey(component.name(), id);
        String hint = "jq -r '.objects[] | \"\\(.sha256) \\(.key)\"' objects.json | while read d k; do aws s3 cp s3://BUCKET/"
                + AssetLayout.objectsPrefix(component.name()) + "$d s3://" + listing.bucket() + "/$k; done";
        return new Manifest(Manifest.FORMAT_VERSION, id.value(), component.name(), component.type().yamlName(), started, clock.instant(),
                listing.listedAt(), "none", 0, null,
                // Stored: the key manifest itself. Raw: the bytes of the objects it lists, which a restore reads back,
                // so that compliance's restore-time forecast (raw bytes / past read-back throughput) means something.
                List.of(new ArtifactRecord(listingKey, listingBytes.length, listing.bytes(), Sha256.of(listingBytes))),
                source, primaryRegion.name(), Map.of("name", "dr", "version", Version.current()), hint);
    }
}
