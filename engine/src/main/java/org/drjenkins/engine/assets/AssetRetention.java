package org.drjenkins.engine.assets;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.manifest.BackupCatalog;
import org.drjenkins.engine.manifest.BackupEntry;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.retention.RetentionDecision;
import org.drjenkins.engine.retention.RetentionEnforcer;
import org.drjenkins.engine.storage.ObjectInfo;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreProvider;

/**
 * Retention for static assets: the backups themselves follow the same rules as every component's (the window, the
 * newest verified, the newest complete), then each object copy no kept backup lists any more is deleted. Copies written
 * after {@code runStarted} are never deleted, so a backup running at the same time keeps what it just copied.
 */
final class AssetRetention {

    private final DrConfig config;
    private final StoreProvider stores;
    private final Clock clock;
    private final Progress progress;

    AssetRetention(DrConfig config, StoreProvider stores, Clock clock, Progress progress) {
        this.config = config;
        this.stores = stores;
        this.clock = clock;
        this.progress = progress;
    }

    List<RetentionDecision> apply(String component, ObjectStore primary, Instant runStarted) {
        List<RetentionDecision> all = new ArrayList<>();
        for (Region region : config.regions()) {
            try (ObjectStore other = region.isPrimary() ? null : stores.open(region)) {
                ObjectStore store = region.isPrimary() ? primary : other;
                List<RetentionDecision> decisions = new RetentionEnforcer(store).apply(component, clock.instant(),
                        config.thresholds().backupRetention(), false);
                decisions.stream().filter(RetentionDecision::delete)
                        .forEach(d -> progress.info("retention (" + region.name() + "): deleted " + d.entry().id() + ": " + d.reason()));
                all.addAll(decisions);
                if (!region.isPrimary()) {
                    int removed = collectUnreferenced(store, component, runStarted);
                    if (removed > 0) {
                        progress.info("retention (" + region.name() + "): deleted " + removed + " object copies no kept backup lists");
                    }
                }
            } catch (RuntimeException e) {
                // Housekeeping: never fails a complete backup, but is reported.
                progress.info("retention (" + region.name() + ") skipped: " + e.getMessage());
            }
        }
        return all;
    }

    /** Deletes object copies no complete backup of this bucket lists; none when a listing cannot be read. */
    static int collectUnreferenced(ObjectStore store, String component, Instant runStarted) {
        Set<String> referenced = new HashSet<>();
        for (BackupEntry entry : new BackupCatalog(store).list(component)) {
            if (!entry.complete()) {
                continue;
            }
            Optional<AssetListing> listing = AssetListings.read(store, component, entry.id());
            if (listing.isEmpty()) {
                return 0; // A backup whose key manifest is missing: deleting by guess could empty a kept copy.
            }
            listing.get().objects().forEach(o -> referenced.add(AssetLayout.objectKey(component, o.sha256())));
        }
        int removed = 0;
        for (ObjectInfo object : store.list(AssetLayout.objectsPrefix(component))) {
            if (!referenced.contains(object.key()) && object.lastModified() != null && object.lastModified().isBefore(runStarted)) {
                store.delete(object.key());
                removed++;
            }
        }
        return removed;
    }
}
