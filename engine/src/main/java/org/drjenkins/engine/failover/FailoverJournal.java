package org.drjenkins.engine.failover;

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
 * Where a failover writes its {@link FailoverRecord}: {@value #KEY} in the bucket of each region it involves, the
 * target's first (the region that survives), so whichever region is left can tell a rerun where it stopped.
 */
public interface FailoverJournal {

    String KEY = "failover/state.json";

    /** The record in this region's bucket; empty when there is none. Throws when the bucket cannot be read. */
    Optional<FailoverRecord> read(Region region);

    /** Writes to one region's bucket; throws when it cannot. */
    void write(Region region, FailoverRecord record);

    /** The newest record of the regions' buckets that answer; unreadable buckets are skipped. */
    default Optional<FailoverRecord> newest(List<Region> regions) {
        List<FailoverRecord> found = new ArrayList<>();
        for (Region region : regions) {
            try {
                read(region).ifPresent(found::add);
            } catch (RuntimeException e) {
                // A region down with its bucket: the other region's copy is the reason for writing two.
            }
        }
        return found.stream().max(Comparator.comparing(FailoverRecord::updatedAt));
    }

    /** Writes to every region's bucket; returns one line per bucket that did not take it (empty: all did). */
    default List<String> writeAll(List<Region> regions, FailoverRecord record) {
        List<String> problems = new ArrayList<>();
        for (Region region : regions) {
            try {
                write(region, record);
            } catch (RuntimeException e) {
                problems.add("the failover record was not written to " + region.name() + "'s bucket " + region.bucket()
                        + ": " + FailoverService.oneLine(e));
            }
        }
        return problems;
    }

    /** The buckets of the plan, opened with {@code stores}. */
    static FailoverJournal buckets(StoreProvider stores) {
        return new FailoverJournal() {
            @Override
            public Optional<FailoverRecord> read(Region region) {
                try (ObjectStore store = stores.open(region)) {
                    return store.getBytes(KEY).map(b -> Json.fromBytes(b, FailoverRecord.class, region.bucket() + "/" + KEY));
                }
            }

            @Override
            public void write(Region region, FailoverRecord record) {
                try (ObjectStore store = stores.open(region)) {
                    store.putBytes(KEY, Json.toBytes(record), "application/json");
                }
            }
        };
    }

    /** Kept in this process only: for callers without buckets (tests of other parts); a rerun elsewhere sees nothing. */
    static FailoverJournal inMemory() {
        Map<String, FailoverRecord> records = new ConcurrentHashMap<>();
        return new FailoverJournal() {
            @Override
            public Optional<FailoverRecord> read(Region region) {
                return Optional.ofNullable(records.get(region.name()));
            }

            @Override
            public void write(Region region, FailoverRecord record) {
                records.put(region.name(), record);
            }
        };
    }
}
