package org.drjenkins.engine.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns {@code dr.yaml} into a validated {@link DrConfig}, or a {@link ConfigException} listing every problem in it.
 *
 * <p>Jackson only builds the YAML tree; the tree is walked by hand (one reader per section) because data binding stops
 * at the first error and reports Java types, while a person fixing a DR plan needs every problem at once, each with
 * its field path and a fix.
 */
public final class ConfigLoader {

    private static final AllowedKeys TOP_LEVEL_KEYS = new AllowedKeys(RegionsReader.FIELD, ThresholdsReader.FIELD,
            TargetsReader.FIELD, ComponentsReader.FIELD, AgeReader.FIELD, NotificationsReader.FIELD, ConfigMapSource.FIELD, FreshnessReader.FIELD,
            WatchReader.FIELD, OncallReader.FIELD, IncidentsReader.FIELD);

    /** Rejects a key written twice instead of silently keeping the last one. */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Jackson's message for a key written twice in one mapping. */
    private static final String DUPLICATE = "Duplicate field ";

    private ConfigLoader() {
    }

    /** Reads and validates a {@code dr.yaml}. */
    public static DrConfig load(Path file) {
        return loadSourced(file).config();
    }

    /**
     * Reads and validates a {@code dr.yaml}, saying where each plan-wide value came from (the file, the ConfigMap its
     * {@code from:} names, or the default). A relative {@code from.configMap} path is relative to the file's folder.
     */
    public static SourcedConfig loadSourced(Path file) {
        String sourceName = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw single(sourceName, "the file does not exist; create it or point to the right file");
        } catch (CharacterCodingException e) {
            throw single(sourceName, "the file is not UTF-8 text; save it as UTF-8");
        } catch (IOException e) {
            throw single(sourceName, "the file cannot be read (" + e + "); check its permissions");
        }
        Path folder = file.toAbsolutePath().getParent();
        return parseSourced(text, sourceName, folder);
    }

    /**
     * Validates YAML text, e.g. from the Jenkins configuration page.
     *
     * @param sourceName where the text came from, for the exception's message
     * @throws ConfigException with every problem found
     */
    public static DrConfig parse(String yamlText, String sourceName) {
        return parseSourced(yamlText, sourceName, null).config();
    }

    /**
     * Validates YAML text and says where each plan-wide value came from.
     *
     * @param baseDirectory what a relative {@code from.configMap} path is relative to; null for the working directory
     * @throws ConfigException with every problem found
     */
    public static SourcedConfig parseSourced(String yamlText, String sourceName, Path baseDirectory) {
        Problems problems = new Problems();
        Map<String, String> origins = new java.util.LinkedHashMap<>();
        DrConfig config = read(yamlText, sourceName, baseDirectory, problems, origins);
        if (!problems.isEmpty()) {
            throw new ConfigException(sourceName, problems.list());
        }
        return new SourcedConfig(config, origins);
    }

    /** Every problem of the YAML text, empty when it is valid: for form validation that shows them next to the text. */
    public static List<ConfigProblem> problems(String yamlText) {
        Problems problems = new Problems();
        read(yamlText, "dr.yaml", null, problems, new java.util.LinkedHashMap<>());
        return problems.list();
    }

    /**
     * The plan without a file: us-east-1 primary, eu-west-1 secondary, ap-southeast-1 tertiary, each with a bucket
     * {@code dr-backups-<region>} on AWS S3, the plan's thresholds and targets, and nothing to back up yet.
     */
    public static DrConfig defaults() {
        return new DrConfig(defaultRegions(), Thresholds.defaults(), Targets.planDefaults(), Map.of(), List.of());
    }

    static List<Region> defaultRegions() {
        return List.of(defaultRegion("us-east-1", Role.PRIMARY), defaultRegion("eu-west-1", Role.SECONDARY),
                defaultRegion("ap-southeast-1", Role.TERTIARY));
    }

    private static Region defaultRegion(String name, Role role) {
        return new Region(name, role, "dr-backups-" + name, null);
    }

    /** The config when {@code problems} stays empty; otherwise a partial one nobody may use. */
    private static DrConfig read(String yamlText, String sourceName, Path baseDirectory, Problems problems,
            Map<String, String> origins) {
        JsonNode root = tree(yamlText, problems);
        if (root == null) {
            return null;
        }
        TOP_LEVEL_KEYS.check(root, "", problems);
        recordOwnOrigins(root, sourceName, origins);
        java.util.Optional<ConfigMapValues> configMap = ConfigMapSource.read(root.get(ConfigMapSource.FIELD),
                baseDirectory, problems);
        if (configMap.isPresent()) {
            com.fasterxml.jackson.databind.node.ObjectNode merged = (com.fasterxml.jackson.databind.node.ObjectNode) root.deepCopy();
            ConfigMapMerge.apply(merged, configMap.get(), sourceName, problems, origins);
            root = merged;
        }
        List<Region> regions = RegionsReader.read(root.get(RegionsReader.FIELD), defaultRegions(), problems);
        Thresholds thresholds = ThresholdsReader.read(root.get(ThresholdsReader.FIELD), problems);
        JsonNode componentsNode = root.get(ComponentsReader.FIELD);
        Map<String, Component> components = ComponentsReader.read(componentsNode, problems);
        Map<String, Targets> targets = TargetsReader.read(root.get(TargetsReader.FIELD), componentNames(componentsNode),
                problems);
        List<String> recipients = AgeReader.read(root.get(AgeReader.FIELD), problems);
        Notifications notifications = NotificationsReader.read(root.get(NotificationsReader.FIELD), problems);
        FreshnessSettings freshness = FreshnessReader.read(root.get(FreshnessReader.FIELD), problems);
        WatchSettings watch = WatchReader.read(root.get(WatchReader.FIELD), regions.size(), problems);
        java.util.Optional<org.drjenkins.engine.oncall.Rotation> oncall = OncallReader.read(root.get(OncallReader.FIELD), problems);
        IncidentSettings incidents = IncidentsReader.read(root.get(IncidentsReader.FIELD), problems);
        return problems.isEmpty() ? new DrConfig(regions, thresholds, targets, components, recipients, notifications, freshness,
                watch).withIncidentResponse(oncall.orElse(null), incidents) : null;
    }

    /** The top-level mapping, or null after reporting why there is none. */
    private static JsonNode tree(String yamlText, Problems problems) {
        JsonNode root;
        try {
            root = yamlText == null ? null : YAML.readTree(yamlText);
        } catch (JacksonException e) {
            problems.add("", syntaxError(e));
            return null;
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            problems.add("", "the configuration is empty; it needs at least the components to back up "
                    + "(see the sample dr.yaml), or leave the file out to use the built-in defaults");
            return null;
        }
        if (!root.isObject()) {
            problems.add("", "the top level must be a mapping with " + String.join(", ", TOP_LEVEL_KEYS.keys())
                    + ", not " + Scalars.kind(root));
            return null;
        }
        return root;
    }

    /**
     * One line with the position. SnakeYAML's own message spans several lines and quotes the offending line, which may
     * hold a secret, so only its short description and positions are kept.
     */
    private static String syntaxError(JacksonException e) {
        String what;
        String where;
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            where = position(marked.getProblemMark());
            what = marked.getProblem();
            if (marked.getContext() != null && marked.getContextMark() != null) {
                what += " (" + marked.getContext() + " that starts at " + position(marked.getContextMark()) + ")";
            }
        } else {
            JsonLocation location = e.getLocation();
            where = location == null || location.getLineNr() < 1 ? "an unknown position"
                    : "line " + location.getLineNr() + ", column " + location.getColumnNr();
            what = e.getOriginalMessage() == null ? "unreadable YAML" : e.getOriginalMessage().lines().findFirst().orElse("");
            if (what.startsWith(DUPLICATE)) {
                return "key " + what.substring(DUPLICATE.length()) + " is written twice at " + where
                        + " (YAML would silently keep only one); remove or merge the two";
            }
        }
        return "YAML syntax error at " + where + ": " + what + "; check the indentation and quoting there";
    }

    private static String position(Mark mark) {
        return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    /** The plan-wide values the dr.yaml itself writes. */
    private static void recordOwnOrigins(JsonNode root, String sourceName, Map<String, String> origins) {
        JsonNode regions = root.get(RegionsReader.FIELD);
        if (regions != null && regions.isArray()) {
            origins.put(RegionsReader.FIELD, sourceName);
            for (JsonNode region : regions) {
                if (region.isObject() && region.hasNonNull("role") && region.hasNonNull("name")) {
                    origins.put(ConfigMapSource.roleSetting(region.get("name").asText()), sourceName);
                }
            }
        }
        JsonNode thresholds = root.get(ThresholdsReader.FIELD);
        if (thresholds != null && thresholds.isObject()) {
            thresholds.fieldNames().forEachRemaining(key -> origins.put(Problems.field(ThresholdsReader.FIELD, key), sourceName));
        }
    }

    private static Set<String> componentNames(JsonNode components) {
        Set<String> names = new LinkedHashSet<>();
        if (components != null && components.isObject()) {
            components.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    private static ConfigException single(String sourceName, String message) {
        return new ConfigException(sourceName, List.of(new ConfigProblem("", message)));
    }
}
