package org.drjenkins.engine.incident;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.storage.ObjectInfo;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.util.Json;

/**
 * Incidents in the primary region's bucket, one folder each: {@code incidents/<id>/incident.json} (the state) and,
 * once resolved, {@code incidents/<id>/postmortem.md} (the draft). Every change is a whole-object write, so a reader
 * sees the state before or after it, never half of it; escalation timers live here, not in a process, so they
 * survive a restart of {@code dr watch} and an acknowledgement from another machine stops them.
 */
public final class IncidentStore {

    public static final String PREFIX = "incidents/";
    private static final String STATE = "incident.json";

    private final ObjectStore bucket;

    public IncidentStore(ObjectStore bucket) {
        this.bucket = bucket;
    }

    public static String stateKey(String id) {
        return PREFIX + id + "/" + STATE;
    }

    public static String postMortemKey(String id) {
        return PREFIX + id + "/postmortem.md";
    }

    public void save(IncidentRecord record) {
        bucket.putBytes(stateKey(record.id()), Json.toBytes(record), "application/json");
    }

    public Optional<IncidentRecord> load(String id) {
        if (!id.matches("[A-Za-z0-9._-]+")) {
            return Optional.empty();
        }
        return bucket.getBytes(stateKey(id)).map(bytes -> Json.fromBytes(bytes, IncidentRecord.class, stateKey(id)));
    }

    /** Every incident, oldest first (ids start with their opening time). */
    public List<IncidentRecord> all() {
        List<IncidentRecord> records = new ArrayList<>();
        for (ObjectInfo object : bucket.list(PREFIX)) {
            if (object.key().endsWith("/" + STATE)) {
                bucket.getBytes(object.key()).ifPresent(bytes -> records.add(Json.fromBytes(bytes, IncidentRecord.class, object.key())));
            }
        }
        return records;
    }

    public List<IncidentRecord> unresolved() {
        return all().stream().filter(r -> !r.resolved()).toList();
    }

    public void savePostMortem(String id, String markdown) {
        bucket.putBytes(postMortemKey(id), markdown.getBytes(StandardCharsets.UTF_8), "text/markdown; charset=utf-8");
    }

    public Optional<String> postMortem(String id) {
        return bucket.getBytes(postMortemKey(id)).map(b -> new String(b, StandardCharsets.UTF_8));
    }
}
