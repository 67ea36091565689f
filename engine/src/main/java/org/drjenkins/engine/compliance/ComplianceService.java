package org.drjenkins.engine.compliance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.drjenkins.engine.config.Component;
import org.drjenkins.engine.config.ComponentType;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.manifest.BackupCatalog;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreProvider;
import org.drjenkins.engine.wal.ArchivedWal;
import org.drjenkins.engine.wal.WalArchive;
import org.drjenkins.engine.wal.WalReplicator;

/** Reads the evidence of every component from the primary region and evaluates it. */
public final class ComplianceService {

    private final DrConfig config;
    private final StoreProvider stores;

    public ComplianceService(DrConfig config, StoreProvider stores) {
        this.config = config;
        this.stores = stores;
    }

    public ComplianceReport evaluate(Instant at) {
        List<ComponentCompliance> components = new ArrayList<>();
        try (ObjectStore primary = stores.open(config.primary())) {
            BackupCatalog catalog = new BackupCatalog(primary);
            for (Component component : config.components().values()) {
                String name = component.name();
                if (component.type() == ComponentType.POSTGRES_CLUSTER) {
                    List<ArchivedWal> archive = new WalArchive(primary, name).list();
                    components.add(WalArchiveEvaluator.evaluate(component, config.targetsFor(name), catalog.list(name), archive,
                            copyLags(name, archive, at), at, config.thresholds().backupRetention(), config.freshness()));
                    continue;
                }
                components.add(ComplianceEvaluator.evaluate(name, config.targetsFor(name), catalog.list(name), at,
                        config.thresholds().backupRetention(), config.freshness()));
            }
        }
        return new ComplianceReport(at, components);
    }

    /** How far each other region's WAL copy is behind; a region that cannot be read counts everything as missing. */
    private List<WalReplicator.Lag> copyLags(String component, List<ArchivedWal> primaryArchive, Instant at) {
        List<WalReplicator.Lag> lags = new ArrayList<>();
        for (Region region : config.regions()) {
            if (region.isPrimary()) {
                continue;
            }
            List<ArchivedWal> copy;
            try (ObjectStore store = stores.open(region)) {
                copy = new WalArchive(store, component).list();
            } catch (RuntimeException e) {
                copy = List.of();
            }
            lags.add(WalReplicator.Lag.of(region.name(), primaryArchive.stream().filter(w -> !w.archivedAt().isAfter(at)).toList(), copy, at));
        }
        return lags;
    }
}
