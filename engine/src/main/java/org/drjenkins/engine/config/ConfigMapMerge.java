package org.drjenkins.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.Map;

/**
 * Puts a ConfigMap's values into the dr.yaml tree before the section readers validate it, so the ConfigMap's numbers
 * go through exactly the rules a dr.yaml's do. A value the dr.yaml also sets is a conflict naming both values and both
 * sources: a silent override would let the two places drift apart unnoticed.
 */
final class ConfigMapMerge {

    private ConfigMapMerge() {
    }

    /**
     * @param root      the dr.yaml tree (changed in place)
     * @param drYaml    the dr.yaml's name, for messages
     * @param origins   filled with where each merged value came from
     */
    static void apply(ObjectNode root, ConfigMapValues values, String drYaml, Problems problems,
            Map<String, String> origins) {
        mergeRoles(root, values, drYaml, problems, origins);
        mergeThresholds(root, values, drYaml, problems, origins);
    }

    private static void mergeRoles(ObjectNode root, ConfigMapValues values, String drYaml, Problems problems,
            Map<String, String> origins) {
        if (values.roles().isEmpty()) {
            return;
        }
        JsonNode regions = root.get(RegionsReader.FIELD);
        if (Scalars.absent(regions)) {
            // No regions in dr.yaml: the ConfigMap's regions in role order, each with the default bucket.
            ArrayNode list = root.putArray(RegionsReader.FIELD);
            values.roles().entrySet().stream()
                    .sorted(Map.Entry.comparingByValue())
                    .forEach(entry -> list.addObject().put("name", entry.getKey()).put("role", entry.getValue().label())
                            .put("bucket", "dr-backups-" + entry.getKey()));
            origins.put(RegionsReader.FIELD, values.label() + " (buckets dr-backups-<region>)");
            values.roles().keySet().forEach(name -> origins.put(ConfigMapSource.roleSetting(name),
                    values.origin(values.dataKeys().get(ConfigMapSource.roleSetting(name)))));
            return;
        }
        if (!regions.isArray()) {
            return; // RegionsReader reports it.
        }
        for (Map.Entry<String, Role> entry : values.roles().entrySet()) {
            String name = entry.getKey();
            String setting = ConfigMapSource.roleSetting(name);
            String dataKey = values.dataKeys().get(setting);
            ObjectNode region = regionNamed((ArrayNode) regions, name);
            if (region == null) {
                problems.add(RegionsReader.FIELD, values.label() + " names " + name + " as " + dataKey + " but "
                        + drYaml + " lists no region named " + name + "; add it (name, bucket) to regions:, or fix "
                        + dataKey);
                continue;
            }
            JsonNode role = region.get("role");
            if (!Scalars.absent(role)) {
                problems.add(RegionsReader.FIELD + "[" + indexOf((ArrayNode) regions, region) + "].role",
                        "conflict: " + drYaml + " says role: " + role.asText() + " for " + name + ", "
                        + values.origin(dataKey) + " says " + entry.getValue().label()
                        + "; keep the role in one place (remove role: from " + drYaml + " or " + dataKey
                        + " from the ConfigMap)");
                continue;
            }
            region.put("role", entry.getValue().label());
            origins.put(setting, values.origin(dataKey));
        }
    }

    private static void mergeThresholds(ObjectNode root, ConfigMapValues values, String drYaml, Problems problems,
            Map<String, String> origins) {
        if (values.thresholds().isEmpty()) {
            return;
        }
        JsonNode existing = root.get(ThresholdsReader.FIELD);
        if (!Scalars.absent(existing) && !existing.isObject()) {
            return; // ThresholdsReader reports it.
        }
        ObjectNode thresholds = Scalars.absent(existing) ? root.putObject(ThresholdsReader.FIELD) : (ObjectNode) existing;
        for (Map.Entry<String, Duration> entry : values.thresholds().entrySet()) {
            String field = Problems.field(ThresholdsReader.FIELD, entry.getKey());
            String dataKey = values.dataKeys().get(field);
            JsonNode own = thresholds.get(entry.getKey());
            if (!Scalars.absent(own)) {
                problems.add(field, "conflict: " + drYaml + " says " + Scalars.show(own) + ", "
                        + values.origin(dataKey) + " says " + Durations.format(entry.getValue())
                        + "; keep the number in one place (remove " + field + " from " + drYaml + " or " + dataKey
                        + " from the ConfigMap)");
                continue;
            }
            thresholds.put(entry.getKey(), Durations.format(entry.getValue()));
            origins.put(field, values.origin(dataKey));
        }
    }

    private static ObjectNode regionNamed(ArrayNode regions, String name) {
        for (JsonNode region : regions) {
            if (region.isObject() && name.equals(region.path("name").asText(null))) {
                return (ObjectNode) region;
            }
        }
        return null;
    }

    private static int indexOf(ArrayNode regions, JsonNode region) {
        for (int i = 0; i < regions.size(); i++) {
            if (regions.get(i) == region) {
                return i;
            }
        }
        return -1;
    }
}
