package org.drjenkins.engine.rejoin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreProvider;
import org.drjenkins.engine.util.Json;

/**
 * Where a rejoin writes its {@link RejoinRecord}: {@value #KEY} in the bucket of both regions it involves, the new
 * primary's first (the region that is up), the way {@link org.drjenkins.engine.failover.FailoverJournal} keeps a
 * failover's.
 */
public interface RejoinJournal {

    String KEY = "rejoin/state.json";

    /** The record in this region's bucket; empty when there is none. Throws when the bucket cannot be read. */
    Optional<RejoinRecord> read(Region region);

    /** Writes to one region's bucket; throws when it cannot. */
    void write(Region region, RejoinRecord record);

    /** The newest record of the regions' buckets that answer; unreadable buckets are skipped. */
    default Optional<RejoinRecord> newest(List<Region> regions) {
        List<RejoinRecord> found = new ArrayList<>();
        for (Region region : regions) {
            try {
                read(region).ifPresent(found::add);
            } catch (RuntimeException e) {
                // A bucket that does not answer: the other region's copy is the reason for writing two.
            }
        }
        return found.stream().max(Comparator.comparing(RejoinRecord::updatedAt));
    }

    /** Writes to every region's bucket; returns one line per bucket that did not take it (empty: all did). */
    default List<String> writeAll(List<Region> regions, RejoinRecord record) {
        List<String> problems = new ArrayList<>();
        for (Region region : regions) {
            try {
                write(region, record);
            } catch (RuntimeException e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
                        .orElse("");
                problems.add("the rejoin record was not written to " + region.name() + "'s bucket " + region.bucket()
                        + ": " + why);
            }
        }
        return problems;
    }

    /** The buckets of the plan, opened with {@code stores}. */
    static RejoinJournal buckets(StoreProvider stores) {
        return new RejoinJournal() {
            @Override
            public Optional<RejoinRecord> read(Region region) {
                try (ObjectStore store = stores.open(region)) {
                    return store.getBytes(KEY).map(b -> Json.fromBytes(b, RejoinRecord.class, region.bucket() + "/" + KEY));
                }
            }

            @Override
            public void write(Region region, RejoinRecord record) {
                try (ObjectStore store = stores.open(region)) {
                    store.putBytes(KEY, Json.toBytes(record), "application/json");
                }
            }
        };
    }

    /** Kept in this process only: for a rejoin inside a drill, whose own report is the record. */
    static RejoinJournal inMemory() {
        Map<String, RejoinRecord> records = new ConcurrentHashMap<>();
        return new RejoinJournal() {
            @Override
            public Optional<RejoinRecord> read(Region region) {
                return Optional.ofNullable(records.get(region.name()));
            }

            @Override
            public void write(Region region, RejoinRecord record) {
                records.put(region.name(), record);
            }
        };
    }
}
