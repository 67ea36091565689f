package org.drjenkins.engine.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code from: { configMap: FILE }} or {@code from: { configMapJson: TEXT }}: the Kubernetes ConfigMap the plan
 * keeps its DR settings in ({@code disaster-recovery-config}), as {@code kubectl get configmap … -o yaml} (or
 * {@code -o json}) saves it, so that teams do not keep the same numbers in two places.
 *
 * <p>ConfigMap values are always strings and carry no unit; the plan's units apply: {@code failover_threshold} in
 * minutes, {@code health_check_interval} in seconds, {@code backup_retention} in days.
 */
public final class ConfigMapSource {

    static final String FIELD = "from";
    static final String FILE = "configMap";
    static final String JSON = "configMapJson";
    private static final AllowedKeys FROM_KEYS = new AllowedKeys(FILE, JSON);

    static final String PRIMARY = "primary_region";
    static final String SECONDARY = "secondary_region";
    static final String TERTIARY = "tertiary_region";
    static final String FAILOVER = "failover_threshold";
    static final String HEALTH_CHECK = "health_check_interval";
    static final String RETENTION = "backup_retention";
    /** The data keys the plan's ConfigMap has; any other is refused (a misspelt key would silently keep a default). */
    static final AllowedKeys DATA_KEYS = new AllowedKeys(PRIMARY, SECONDARY, TERTIARY, FAILOVER, HEALTH_CHECK, RETENTION);

    /** Manifests are small; a bigger "ConfigMap" is the wrong file (Kubernetes itself caps them at 1 MiB). */
    private static final long MAX_BYTES = 1024 * 1024;
    private static final YAMLMapper YAML = new YAMLMapper();

    private ConfigMapSource() {
    }

    /**
     * The ConfigMap {@code from:} names, or empty when there is none or it is wrong (then every problem is reported).
     *
     * @param baseDirectory what a relative {@code configMap} path is relative to (the dr.yaml's folder)
     */
    static Optional<ConfigMapValues> read(JsonNode from, Path baseDirectory, Problems problems) {
        if (Scalars.absent(from)) {
            return Optional.empty();
        }
        if (!from.isObject()) {
            problems.add(FIELD, "must be a mapping with configMap: FILE or configMapJson: TEXT, not " + Scalars.kind(from));
            return Optional.empty();
        }
        FROM_KEYS.check(from, FIELD, problems);
        JsonNode file = from.get(FILE);
        JsonNode json = from.get(JSON);
        if (!Scalars.absent(file) && !Scalars.absent(json)) {
            problems.add(FIELD, "names both configMap and configMapJson; keep one of them");
            return Optional.empty();
        }
        if (!Scalars.absent(file)) {
            String field = Problems.field(FIELD, FILE);
            return Scalars.text(file, field, problems)
                    .flatMap(path -> fileText(path, baseDirectory, field, problems)
                            .flatMap(text -> manifest(text, "(" + path + ")", field, problems)));
        }
        if (!Scalars.absent(json)) {
            String field = Problems.field(FIELD, JSON);
            if (json.isObject()) {
                return values(json, "(inline)", field, problems);
            }
            return Scalars.text(json, field, problems).flatMap(text -> manifest(text, "(inline)", field, problems));
        }
        problems.add(FIELD, "is empty; write configMap: FILE (saved with kubectl get configmap disaster-recovery-config"
                + " -o yaml) or configMapJson: TEXT, or remove from:");
        return Optional.empty();
    }

    /**
     * The ConfigMap's values as the Jenkins configuration page imports them from pasted text: the same rules as
     * {@code from: { configMapJson: … }}.
     *
     * @throws ConfigException with every problem of the text
     */
    public static Imported importText(String manifestText) {
        Problems problems = new Problems();
        Optional<ConfigMapValues> values = manifest(manifestText, "(pasted)", JSON, problems);
        if (!problems.isEmpty() || values.isEmpty()) {
            throw new ConfigException("the ConfigMap", problems.isEmpty()
                    ? java.util.List.of(new ConfigProblem(JSON, "has nothing to import")) : problems.list());
        }
        ConfigMapValues v = values.get();
        return new Imported(v.label(), v.roles().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().label(),
                        (a, b) -> a, LinkedHashMap::new)), v.thresholds());
    }

    /** Every problem of a pasted ConfigMap, empty when it imports cleanly: for the configuration page's check. */
    public static java.util.List<ConfigProblem> problems(String manifestText) {
        Problems problems = new Problems();
        manifest(manifestText, "(pasted)", JSON, problems);
        return problems.list();
    }

    /**
     * A ConfigMap imported by hand.
     *
     * @param label      {@code ConfigMap ns/name (pasted)}
     * @param roles      region name to {@code primary}, {@code secondary} or {@code tertiary}
     * @param thresholds {@code failoverThreshold}, {@code healthCheckInterval}, {@code backupRetention} when given
     */
    public record Imported(String label, Map<String, String> roles, Map<String, Duration> thresholds) {
    }

    private static Optional<String> fileText(String path, Path baseDirectory, String field, Problems problems) {
        Path file = baseDirectory == null ? Path.of(path) : baseDirectory.resolve(path);
        try {
            if (Files.size(file) > MAX_BYTES) {
                problems.add(field, file + " is larger than 1 MiB, so it is no ConfigMap; point to the file saved with"
                        + " kubectl get configmap disaster-recovery-config -o yaml");
                return Optional.empty();
            }
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            problems.add(field, file + " does not exist; save it with kubectl get configmap disaster-recovery-config"
                    + " -n production -o yaml > " + path + " or fix the path (relative to the dr.yaml's folder)");
        } catch (IOException e) {
            problems.add(field, file + " cannot be read (" + e.getClass().getSimpleName() + "); check it is a UTF-8 file"
                    + " you may read");
        }
        return Optional.empty();
    }

    private static Optional<ConfigMapValues> manifest(String text, String where, String field, Problems problems) {
        JsonNode root;
        try {
            // JSON is YAML, so one parser reads both -o yaml and -o json.
            root = text == null ? null : YAML.readTree(text);
        } catch (JacksonException e) {
            JsonLocationText location = new JsonLocationText(e);
            problems.add(field, "the ConfigMap " + where + " is neither YAML nor JSON (" + location + "); save it again"
                    + " with kubectl get configmap disaster-recovery-config -o yaml");
            return Optional.empty();
        }
        if (root == null || !root.isObject()) {
            problems.add(field, "the ConfigMap " + where + " is empty or not a mapping; it needs kind: ConfigMap and data:");
            return Optional.empty();
        }
        JsonNode kind = root.get("kind");
        if (!Scalars.absent(kind) && !"ConfigMap".equals(kind.asText())) {
            problems.add(field, where + " is a " + kind.asText() + ", not a ConfigMap; point to the ConfigMap's manifest");
            return Optional.empty();
        }
        JsonNode metadata = root.get("metadata");
        String name = metadata == null ? "" : metadata.path("name").asText("");
        String namespace = metadata == null ? "" : metadata.path("namespace").asText("");
        String label = "ConfigMap " + (namespace.isEmpty() ? "" : namespace + "/") + (name.isEmpty() ? "?" : name)
                + " " + where;
        JsonNode data = root.get("data");
        if (Scalars.absent(data) || !data.isObject()) {
            problems.add(field, label + " has no data: mapping; it needs the keys " + String.join(", ", DATA_KEYS.keys()));
            return Optional.empty();
        }
        return values(data, label, field, problems);
    }

    private static Optional<ConfigMapValues> values(JsonNode data, String label, String field, Problems problems) {
        int before = problems.count();
        String dataField = Problems.field(field, "data");
        for (Iterator<String> keys = data.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!DATA_KEYS.contains(key)) {
                problems.add(Problems.field(dataField, key), "in " + label + ": "
                        + AllowedKeys.unknownKeyMessage(key, DATA_KEYS.keys()));
            }
        }
        Map<String, Role> roles = new LinkedHashMap<>();
        Map<String, String> dataKeys = new LinkedHashMap<>();
        region(data, PRIMARY, Role.PRIMARY, label, dataField, roles, dataKeys, problems);
        region(data, SECONDARY, Role.SECONDARY, label, dataField, roles, dataKeys, problems);
        region(data, TERTIARY, Role.TERTIARY, label, dataField, roles, dataKeys, problems);
        if (!roles.isEmpty() && !roles.containsValue(Role.PRIMARY) && problems.count() == before) {
            problems.add(Problems.field(dataField, PRIMARY), "missing in " + label + ", which names other regions;"
                    + " add primary_region: us-east-1 (or leave every region to dr.yaml)");
        }
        Map<String, Duration> thresholds = new LinkedHashMap<>();
        threshold(data, FAILOVER, "failoverThreshold", "minutes", Duration::ofMinutes, "5", label, dataField,
                thresholds, dataKeys, problems);
        threshold(data, HEALTH_CHECK, "healthCheckInterval", "seconds", Duration::ofSeconds, "30", label, dataField,
                thresholds, dataKeys, problems);
        threshold(data, RETENTION, "backupRetention", "days", Duration::ofDays, "30", label, dataField,
                thresholds, dataKeys, problems);
        return problems.count() == before ? Optional.of(new ConfigMapValues(label, roles, thresholds, dataKeys))
                : Optional.empty();
    }

    private static void region(JsonNode data, String key, Role role, String label, String dataField,
            Map<String, Role> roles, Map<String, String> dataKeys, Problems problems) {
        JsonNode value = data.get(key);
        if (Scalars.absent(value)) {
            return;
        }
        String field = Problems.field(dataField, key);
        Optional<String> name = Scalars.text(value, field, problems).map(String::strip);
        if (name.isEmpty()) {
            return;
        }
        if (!name.get().matches("[a-z0-9][a-z0-9-]*")) {
            problems.add(field, "\"" + name.get() + "\" in " + label + " is not a region name; use lowercase letters,"
                    + " digits and hyphens such as us-east-1");
            return;
        }
        Role earlier = roles.putIfAbsent(name.get(), role);
        if (earlier != null) {
            problems.add(field, "\"" + name.get() + "\" in " + label + " is already the " + earlier.label()
                    + " region; each role needs its own region");
            return;
        }
        dataKeys.put(roleSetting(name.get()), key);
    }

    private static void threshold(JsonNode data, String key, String drYamlKey, String unit,
            java.util.function.LongFunction<Duration> toDuration, String example, String label, String dataField,
            Map<String, Duration> thresholds, Map<String, String> dataKeys, Problems problems) {
        JsonNode value = data.get(key);
        if (Scalars.absent(value)) {
            return;
        }
        String field = Problems.field(dataField, key);
        String text = value.isValueNode() ? value.asText().strip() : "";
        if (!text.matches("\\d{1,6}") || Long.parseLong(text) == 0) {
            problems.add(field, Scalars.show(value) + " in " + label + " is not a positive whole number of " + unit
                    + "; write it as the plan does (" + key + ": \"" + example + "\"), or leave it out and set "
                    + ThresholdsReader.FIELD + "." + drYamlKey + " with a unit in dr.yaml");
            return;
        }
        thresholds.put(drYamlKey, toDuration.apply(Long.parseLong(text)));
        dataKeys.put(Problems.field(ThresholdsReader.FIELD, drYamlKey), key);
    }

    /** The provenance key of a region's role. */
    static String roleSetting(String regionName) {
        return "regions." + regionName + ".role";
    }

    /** A parser position without the quoted text (which may be anything, secrets included). */
    private record JsonLocationText(JacksonException e) {
        @Override
        public String toString() {
            return e.getLocation() == null || e.getLocation().getLineNr() < 1 ? "at an unknown position"
                    : "at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        }
    }
}
