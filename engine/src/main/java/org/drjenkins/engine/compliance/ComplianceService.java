package org.drjenkins.engine.compliance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.manifest.BackupCatalog;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreProvider;

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
            for (String name : config.components().keySet()) {
                components.add(ComplianceEvaluator.evaluate(name, config.targetsFor(name), catalog.list(name), at,
                        config.thresholds().backupRetention()));
            }
        }
        return new ComplianceReport(at, components);
    }
}
