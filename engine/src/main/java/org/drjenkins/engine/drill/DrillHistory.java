package org.drjenkins.engine.drill;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.failover.EvidenceJson;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreProvider;
import org.drjenkins.engine.util.Json;

/**
 * Drill records in the primary region's bucket, {@code drills/<drillId>/report.json}, so that compliance can show when
 * each scenario was last drilled and how it went. Drill ids start with their UTC time, so key order is time order.
 */
public final class DrillHistory {

    public static final String PREFIX = "drills/";
    static final String FILE = "report.json";

    private final DrConfig config;
    private final StoreProvider stores;

    public DrillHistory(DrConfig config, StoreProvider stores) {
        this.config = config;
        this.stores = stores;
    }

    /** Stores the report's JSON; returns where, as {@code s3://bucket/drills/<id>/report.json}. */
    public String store(DrillReport report) {
        String key = key(report.drillId());
        try (ObjectStore store = stores.open(config.primary())) {
            store.putBytes(key, EvidenceJson.bytes(report.toJson()), "application/json");
            return "s3://" + store.bucket() + "/" + key;
        }
    }

    /** Every stored drill, oldest first. */
    public List<DrillRecord> list() {
        try (ObjectStore store = stores.open(config.primary())) {
            return store.listFolders(PREFIX).stream().sorted()
                    .map(folder -> store.getBytes(folder + FILE)
                            .map(bytes -> Json.fromBytes(bytes, DrillRecord.class, folder + FILE)))
                    .flatMap(Optional::stream).toList();
        }
    }

    /** The newest drill of any scenario. */
    public Optional<DrillRecord> latest() {
        List<DrillRecord> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The newest drill of one scenario. */
    public Optional<DrillRecord> latest(Scenario scenario) {
        return list().stream().filter(r -> scenario.cliName().equals(r.scenario()))
                .max(Comparator.comparing(DrillRecord::drillId));
    }

    static String key(String drillId) {
        return PREFIX + drillId + "/" + FILE;
    }
}
