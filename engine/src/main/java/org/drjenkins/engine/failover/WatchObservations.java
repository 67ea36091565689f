package org.drjenkins.engine.failover;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.storage.ObjectInfo;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreProvider;
import org.drjenkins.engine.util.Json;

/** Where watchers share what they see, so a failover can require a quorum of them in different regions. */
public interface WatchObservations {

    /** Each watcher's newest observation is {@code PREFIX + watcher + ".json"} in the bucket of every region. */
    String PREFIX = "watch/observations/";

    /** Writes what this watcher saw; a bucket that does not answer is skipped (the others still get it). */
    void publish(WatchObservation observation);

    /** The newest observation of every watcher that any reachable bucket holds. */
    List<WatchObservation> read();

    /** For a watcher that decides alone. */
    static WatchObservations none() {
        return new WatchObservations() {
            @Override
            public void publish(WatchObservation observation) {
            }

            @Override
            public List<WatchObservation> read() {
                return List.of();
            }
        };
    }

    /** Shared by the watchers of one process (tests); the same rule as the buckets, without them. */
    static WatchObservations inMemory() {
        Map<String, WatchObservation> newest = new ConcurrentHashMap<>();
        return new WatchObservations() {
            @Override
            public void publish(WatchObservation observation) {
                newest.merge(observation.watcher(), observation, WatchObservations::newer);
            }

            @Override
            public List<WatchObservation> read() {
                return List.copyOf(newest.values());
            }
        };
    }

    /**
     * In every region's bucket: a watcher cut off from some regions still reaches others, and another watcher reads
     * whichever bucket it reaches.
     */
    static WatchObservations buckets(Collection<Region> regions, StoreProvider stores) {
        List<Region> all = List.copyOf(regions);
        return new WatchObservations() {
            @Override
            public void publish(WatchObservation observation) {
                byte[] body = Json.toBytes(observation);
                for (Region region : all) {
                    try (ObjectStore store = stores.open(region)) {
                        store.putBytes(PREFIX + observation.watcher() + ".json", body, "application/json");
                    } catch (RuntimeException unreachable) {
                        // That region's bucket does not answer: the observation is in the others.
                    }
                }
            }

            @Override
            public List<WatchObservation> read() {
                Map<String, WatchObservation> newest = new LinkedHashMap<>();
                for (Region region : all) {
                    try (ObjectStore store = stores.open(region)) {
                        for (ObjectInfo info : store.list(PREFIX)) {
                            store.getBytes(info.key()).ifPresent(bytes -> {
                                WatchObservation o = Json.fromBytes(bytes, WatchObservation.class, info.key());
                                newest.merge(o.watcher(), o, WatchObservations::newer);
                            });
                        }
                    } catch (RuntimeException unreachable) {
                        // Read what the other buckets hold.
                    }
                }
                return new ArrayList<>(newest.values());
            }
        };
    }

    private static WatchObservation newer(WatchObservation a, WatchObservation b) {
        return b.at().isAfter(a.at()) ? b : a;
    }
}
