package io.jenkins.plugins.dr.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drjenkins.engine.config.ComponentType;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.ConfigProblem;
import org.drjenkins.engine.config.Durations;
import org.drjenkins.engine.config.Notifications;
import org.drjenkins.engine.config.Targets;

/**
 * The check behind every field of the global configuration form. Each one writes the value into the smallest
 * dr.yaml fragment that gives it meaning, lets the engine's {@link ConfigLoader} judge it and keeps the problems of
 * that field: the form says exactly what {@code dr validate} and the pipeline steps would say, in the same words.
 */
public final class FieldChecks {
    public static final List<String> ROLES = List.of("primary", "secondary", "tertiary");
    /** The engine's own list, so that a type the engine learns is offered by the form without a change here. */
    public static final List<String> COMPONENT_TYPES =
            List.of(Arrays.stream(ComponentType.values()).map(ComponentType::yamlName).toArray(String[]::new));
    /**
     * Which component types use a type-specific field (as the engine's ComponentsReader allows them); the form keeps
     * the others but dr.yaml never gets them.
     */
    public static final Map<String, List<String>> TYPES_OF_FIELD = Map.ofEntries(
            Map.entry("url", List.of("postgres", "postgres-cluster")),
            Map.entry("path", List.of("directory", "jenkins-home")),
            Map.entry("command", List.of("command")),
            Map.entry("checks", List.of("postgres", "postgres-cluster")),
            Map.entry("archiveTimeout", List.of("postgres-cluster")),
            Map.entry("allowEmpty", List.of("command")),
            Map.entry("bucket", List.of("s3-prefix")),
            Map.entry("prefix", List.of("s3-prefix")),
            Map.entry("sample", List.of("s3-prefix")),
            Map.entry("cdnUrl", List.of("s3-prefix")),
            Map.entry("include", List.of("jenkins-home")),
            Map.entry("exclude", List.of("jenkins-home")),
            Map.entry("builds", List.of("jenkins-home")),
            Map.entry("pluginBinaries", List.of("jenkins-home")));
    public static final List<String> COMPRESSIONS = List.of("zstd", "gzip", "none");
    /** What a component without a compression gets (the engine's default). */
    public static final String DEFAULT_COMPRESSION = "zstd";
    public static final List<String> WEBHOOK_FORMATS = List.of("slack", "json");

    /** Stand-ins for the fields a fragment needs besides the one checked; each is valid on its own. */
    private static final String SAMPLE_REGION = "us-east-1";
    private static final String SAMPLE_BUCKET = "dr-form-check";
    private static final String SAMPLE_COMPONENT = "form-check";
    private static final String SAMPLE_URL = "postgresql://dr@db.internal:5432/app";
    private static final String SAMPLE_COMMAND = "true";
    private static final Pattern ELEMENT = Pattern.compile("\\[(\\d+)]$");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FieldChecks() {
    }

    public static Check regionName(String value) {
        return problemsOf(regions(value, "primary", SAMPLE_BUCKET), "regions[0].name");
    }

    public static Check regionRole(String value) {
        return problemsOf(regions(SAMPLE_REGION, value, SAMPLE_BUCKET), "regions[0].role");
    }

    public static Check bucket(String value) {
        return problemsOf(regions(SAMPLE_REGION, "primary", value), "regions[0].bucket");
    }

    public static Check endpoint(String value) {
        ObjectNode root = regions(SAMPLE_REGION, "primary", SAMPLE_BUCKET);
        putIfSet((ObjectNode) root.get("regions").get(0), "endpoint", value);
        return problemsOf(root, "regions[0].endpoint");
    }

    public static Check regionDatabase(String value) {
        ObjectNode root = regions(SAMPLE_REGION, "primary", SAMPLE_BUCKET);
        putIfSet((ObjectNode) root.get("regions").get(0), "database", value);
        return problemsOf(root, "regions[0].database");
    }

    /**
     * The YAML snippet of a region's nested failover settings: a mapping of dataDirectory, healthChecks, dns,
     * faultCommand and rejoinCommand, judged by ConfigLoader inside a region that has a database.
     */
    public static Check regionFailoverSettings(String value) {
        if (blank(value)) {
            return Check.ok();
        }
        Optional<ObjectNode> settings = DrYaml.failoverSettings(value);
        if (settings.isEmpty()) {
            return Check.error("Write a YAML mapping of " + String.join(", ", DrYaml.FAILOVER_SETTINGS)
                    + ", e.g. dataDirectory: /var/lib/postgresql/15/main (check the indentation and quoting)");
        }
        List<String> others = new ArrayList<>();
        settings.get().fieldNames().forEachRemaining(key -> {
            if (!DrYaml.FAILOVER_SETTINGS.contains(key)) {
                others.add(key);
            }
        });
        if (!others.isEmpty()) {
            return Check.error("Only " + String.join(", ", DrYaml.FAILOVER_SETTINGS) + " belong here, not "
                    + String.join(", ", others) + " (name, role, bucket, endpoint and database have fields of their own)");
        }
        ObjectNode root = regions(SAMPLE_REGION, "primary", SAMPLE_BUCKET);
        ObjectNode region = (ObjectNode) root.get("regions").get(0);
        region.put("database", SAMPLE_URL);
        settings.get().fields().forEachRemaining(field -> region.set(field.getKey(), field.getValue()));
        return problemsOfAny(root, DrYaml.FAILOVER_SETTINGS.stream().map(key -> "regions[0]." + key).toList());
    }

    /** The service named in incident notices; anything non-blank will do, blank is the engine's default. */
    public static Check notificationService(String value) {
        return blank(value) ? Check.ok("Notices will name the service \"" + Notifications.DEFAULT_SERVICE + "\"")
                : Check.ok();
    }

    public static Check failoverThreshold(String value) {
        return threshold("failoverThreshold", value, null);
    }

    /** Checked together with the threshold: checking less often than the threshold would notice outages too late. */
    public static Check healthCheckInterval(String value, String failoverThreshold) {
        return threshold("healthCheckInterval", value, failoverThreshold);
    }

    public static Check backupRetention(String value) {
        return threshold("backupRetention", value, null);
    }

    private static Check threshold(String key, String value, String failoverThreshold) {
        if (blank(value)) {
            return Check.ok();
        }
        ObjectNode thresholds = NODES.objectNode();
        putIfSet(thresholds, "failoverThreshold", failoverThreshold);
        thresholds.put(key, value.strip());
        ObjectNode root = NODES.objectNode();
        root.set("thresholds", thresholds);
        return problemsOf(root, "thresholds." + key);
    }

    /**
     * Targets may name a component or one of the plan's objectives. The other rows of the form are not sent with a
     * check, so an unknown name is compared with the saved configuration and only warned about.
     */
    public static Check targetComponent(String value, Collection<String> savedComponents) {
        if (blank(value)) {
            return Check.error("Name the component these targets are for, e.g. database");
        }
        String name = value.strip();
        Check syntax = problemsOf(components(name, commandComponent()), "components." + name);
        if (syntax.kind() != Check.Kind.OK) {
            return syntax;
        }
        if (!savedComponents.contains(name) && !Targets.planDefaults().containsKey(name)) {
            return Check.warning("\"" + name + "\" is neither a component of the saved configuration nor one of the"
                    + " plan's objectives (" + String.join(", ", Targets.planDefaults().keySet()) + "); saving fails"
                    + " unless a component of that name is added");
        }
        return Check.ok();
    }

    public static Check rto(String value) {
        return target("rto", value);
    }

    public static Check rpo(String value) {
        return target("rpo", value);
    }

    private static Check target(String key, String value) {
        if (blank(value)) {
            return Check.ok();
        }
        ObjectNode target = NODES.objectNode();
        target.put(key, value.strip());
        ObjectNode root = NODES.objectNode();
        root.putObject("targets").set("database", target);
        return problemsOf(root, "targets.database." + key);
    }

    public static Check componentName(String value) {
        if (blank(value)) {
            return Check.error("Give the component a name, e.g. database: it names its folder in the bucket");
        }
        String name = value.strip();
        return problemsOf(components(name, commandComponent()), "components." + name);
    }

    public static Check componentType(String value) {
        ObjectNode component = NODES.objectNode();
        putIfSet(component, "type", value);
        return problemsOf(components(SAMPLE_COMPONENT, component), componentField("type"));
    }

    public static Check componentUrl(String value, String type) {
        return typeField("url", value, type);
    }

    public static Check componentPath(String value, String type) {
        return typeField("path", value, type);
    }

    public static Check componentCommand(String value, String type) {
        return typeField("command", value, type);
    }

    /** postgres-cluster: the server's archive_timeout, which compliance weighs against the RPO target. */
    public static Check archiveTimeout(String value, String type) {
        return typeField("archiveTimeout", value, type);
    }

    /** True when a component of this type writes the field to dr.yaml (an unknown type writes every field). */
    public static boolean usesField(String type, String key) {
        String chosen = type == null ? "" : type.strip();
        return !COMPONENT_TYPES.contains(chosen) || TYPES_OF_FIELD.get(key).contains(chosen);
    }

    /** url, path, command and archiveTimeout each belong to some types only; the others keep but never write them. */
    private static Check typeField(String key, String value, String type) {
        List<String> owners = TYPES_OF_FIELD.get(key);
        String chosen = type == null ? "" : type.strip();
        if (!usesField(chosen, key)) {
            return blank(value) ? Check.ok() : Check.warning("Not used by a " + chosen + " component: only "
                    + String.join(" and ", owners) + " components have a " + key
                    + "; it is not written to the configuration");
        }
        if (blank(value) && key.equals("archiveTimeout")) {
            return Check.ok(); // optional; url, path and command are required and ConfigLoader says so
        }
        ObjectNode component = NODES.objectNode();
        String judgedAs = owners.contains(chosen) ? chosen : owners.get(0);
        component.put("type", judgedAs);
        if (!key.equals("url") && TYPES_OF_FIELD.get("url").contains(judgedAs)) {
            component.put("url", SAMPLE_URL);
        }
        putIfSet(component, key, value);
        return problemsOf(components(SAMPLE_COMPONENT, component), componentField(key));
    }

    /**
     * A field of an s3-prefix component (bucket, prefix, sample, cdnUrl), judged by ConfigLoader in a sample
     * component; a warning when the row is of another type.
     */
    public static Check assetField(String key, String value, String type) {
        String chosen = type == null ? "" : type.strip();
        if (!usesField(chosen, key)) {
            return blank(value) ? Check.ok() : Check.warning("Not used by a " + chosen + " component: only s3-prefix"
                    + " components have a " + key + "; it is not written to the configuration");
        }
        if (blank(value) && !key.equals("bucket")) {
            return Check.ok();
        }
        ObjectNode component = NODES.objectNode();
        component.put("type", "s3-prefix");
        if (!key.equals("bucket")) {
            component.put("bucket", "sample-assets");
        }
        DrYaml.putAssetField(component, key, value);
        String field = key.equals("cdnUrl") ? componentField("healthCheck") : componentField(key);
        return problemsOf(components(SAMPLE_COMPONENT, component), field);
    }

    public static Check encrypt(boolean value, List<String> savedRecipients) {
        if (value && savedRecipients.isEmpty()) {
            return Check.warning("No age recipient is saved in this configuration: backups of this component fail"
                    + " until one is added under Age recipients (an age1... public key)");
        }
        return Check.ok();
    }

    public static Check compression(String value) {
        ObjectNode component = commandComponent();
        putIfSet(component, "compression", value);
        return problemsOf(components(SAMPLE_COMPONENT, component), componentField("compression"));
    }

    public static Check level(String value, String compression) {
        if (blank(value)) {
            return Check.ok();
        }
        ObjectNode component = commandComponent();
        putIfSet(component, "compression", compression);
        DrYaml.putLevel(component, value.strip());
        return problemsOf(components(SAMPLE_COMPONENT, component), componentField("level"));
    }

    public static Check sqlChecks(String value, String type) {
        List<String> lines = Text.lines(value);
        String chosen = type == null ? "" : type.strip();
        if (lines.isEmpty()) {
            return Check.ok();
        }
        if (!usesField(chosen, "checks")) {
            return Check.warning("Not used by a " + chosen + " component: only "
                    + String.join(" and ", TYPES_OF_FIELD.get("checks")) + " components run SQL checks;"
                    + " they are not written to the configuration");
        }
        ObjectNode component = NODES.objectNode();
        component.put("type", TYPES_OF_FIELD.get("checks").contains(chosen) ? chosen : "postgres");
        component.put("url", SAMPLE_URL);
        ArrayNode checks = component.putArray("checks");
        lines.forEach(checks::add);
        return problemsOf(components(SAMPLE_COMPONENT, component), componentField("checks"));
    }

    /** One age public key per line. */
    public static Check ageRecipients(String value) {
        List<String> lines = Text.lines(value);
        if (lines.isEmpty()) {
            return Check.ok();
        }
        ObjectNode root = NODES.objectNode();
        ArrayNode recipients = root.putObject("age").putArray("recipients");
        lines.forEach(recipients::add);
        return problemsOf(root, "age.recipients");
    }

    public static Check webhookName(String value) {
        return blank(value) ? Check.warning("Without a name, logs and notices name this webhook by its host") : Check.ok();
    }

    public static Check webhookFormat(String value) {
        if (blank(value) || !WEBHOOK_FORMATS.contains(value.strip())) {
            return Check.error("Choose slack (posts {\"text\": ...}: Slack, Mattermost, Rocket.Chat, Teams workflows)"
                    + " or json (posts every field of the notice)");
        }
        return Check.ok();
    }

    /** The import field: empty is fine (nothing to import), anything else must be a valid dr.yaml. */
    public static Check configYaml(String value) {
        if (blank(value)) {
            return Check.ok();
        }
        List<ConfigProblem> problems = ConfigLoader.problems(value);
        if (problems.isEmpty()) {
            int webhooks = DrYaml.webhooksIn(value);
            return Check.ok("Valid: saving replaces the regions, thresholds, targets, components, age recipients,"
                    + " on-call rotation, incident settings and paging and email channels above with this file's"
                    + " (the channels keep their credentials)" + (webhooks == 0 ? "" : "; its " + webhooks + " webhook(s) are not"
                    + " imported: add each under Notification webhooks with its URL as a secret text credential"));
        }
        List<String> lines = problems.stream().map(ConfigProblem::toString).toList();
        return Check.error(lines.size() + (lines.size() == 1 ? " problem: " : " problems: ") + String.join(" | ", lines));
    }

    /** The ConfigMap import field: empty is fine, anything else must be a ConfigMap the engine reads cleanly. */
    public static Check configMap(String value) {
        if (blank(value)) {
            return Check.ok();
        }
        List<ConfigProblem> problems = org.drjenkins.engine.config.ConfigMapSource.problems(value);
        if (problems.isEmpty()) {
            var imported = org.drjenkins.engine.config.ConfigMapSource.importText(value);
            return Check.ok("Valid: saving gives " + (imported.roles().isEmpty() ? "no region a role"
                    : String.join(", ", imported.roles().entrySet().stream().map(e -> e.getKey() + " the role " + e.getValue()).toList()))
                    + " and sets " + (imported.thresholds().isEmpty() ? "no threshold" : String.join(", ",
                    imported.thresholds().entrySet().stream().map(e -> e.getKey() + " " + Durations.format(e.getValue())).toList()))
                    + " (from " + imported.label() + ")");
        }
        List<String> lines = problems.stream().map(ConfigProblem::toString).toList();
        return Check.error(lines.size() + (lines.size() == 1 ? " problem: " : " problems: ") + String.join(" | ", lines));
    }

    /** The problems ConfigLoader finds at {@code field} or below it, as one message. */
    static Check problemsOf(ObjectNode fragment, String field) {
        List<String> messages = new ArrayList<>();
        for (ConfigProblem problem : ConfigLoader.problems(DrYaml.write(fragment))) {
            String at = problem.field();
            if (at.equals(field)) {
                messages.add(problem.message());
            } else if (at.startsWith(field + "[") || at.startsWith(field + ".")) {
                messages.add(position(at.substring(field.length())) + problem.message());
            }
        }
        return messages.isEmpty() ? Check.ok() : Check.error(capitalised(String.join("; ", messages)));
    }

    /** The problems at any of these fields (or below them), each named by its path below the region. */
    static Check problemsOfAny(ObjectNode fragment, List<String> fields) {
        List<String> messages = new ArrayList<>();
        for (ConfigProblem problem : ConfigLoader.problems(DrYaml.write(fragment))) {
            for (String field : fields) {
                String at = problem.field();
                if (at.equals(field) || at.startsWith(field + "[") || at.startsWith(field + ".")) {
                    messages.add(at.substring(at.indexOf('.') + 1) + ": " + problem.message());
                }
            }
        }
        return messages.isEmpty() ? Check.ok() : Check.error(String.join("; ", messages));
    }

    /** {@code [2]} (an element of a list typed one per line) becomes "line 3: ". */
    private static String position(String rest) {
        Matcher element = ELEMENT.matcher(rest);
        if (element.find() && element.start() == 0) {
            return "line " + (Integer.parseInt(element.group(1)) + 1) + ": ";
        }
        return rest.replaceFirst("^[.]", "") + ": ";
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static ObjectNode regions(String name, String role, String bucket) {
        ObjectNode region = NODES.objectNode();
        putIfSet(region, "name", name);
        putIfSet(region, "role", role);
        putIfSet(region, "bucket", bucket);
        ObjectNode root = NODES.objectNode();
        root.putArray("regions").add(region);
        return root;
    }

    private static ObjectNode components(String name, ObjectNode component) {
        ObjectNode root = NODES.objectNode();
        root.putObject("components").set(name, component);
        return root;
    }

    private static ObjectNode commandComponent() {
        ObjectNode component = NODES.objectNode();
        component.put("type", "command");
        component.put("command", SAMPLE_COMMAND);
        return component;
    }

    private static String componentField(String key) {
        return "components." + SAMPLE_COMPONENT + "." + key;
    }

    private static void putIfSet(ObjectNode node, String key, String value) {
        if (!blank(value)) {
            node.put(key, value.strip());
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
