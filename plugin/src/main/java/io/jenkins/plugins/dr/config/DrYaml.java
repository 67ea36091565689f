package io.jenkins.plugins.dr.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.drjenkins.engine.config.Component;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.Compression;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Durations;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.Targets;

/**
 * The global configuration's plan as dr.yaml text, and back. The form is rendered to YAML rather than mapped to the
 * engine's model directly so that the engine's ConfigLoader stays the only validator and parser: what the pipeline
 * steps run with is exactly what {@code dr validate} would accept.
 *
 * <p>Rendering writes what was typed, not what it means: blank fields are left out (the engine's defaults apply),
 * values keep their text (a wrong value reaches ConfigLoader and is reported there with its field path), and of
 * the type-specific fields (url, path, command, checks, archiveTimeout) only those the component's type uses are
 * written.
 */
public final class DrYaml {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The region settings a RegionEntry keeps as YAML in its failoverSettings (database has a field of its own). */
    public static final List<String> FAILOVER_SETTINGS =
            List.of("dataDirectory", "healthChecks", "dns", "faultCommand", "rejoinCommand");
    private static final String WEBHOOK_VARIABLE = "DR_WEBHOOK_";

    private DrYaml() {
    }

    public static String render(PlanForm form) {
        return write(tree(form));
    }

    static String write(ObjectNode root) {
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            // Only strings, numbers, booleans, lists and maps are written: Jackson cannot fail on those.
            throw new UncheckedIOException("cannot write the configuration as YAML", e);
        }
    }

    static ObjectNode tree(PlanForm form) {
        ObjectNode root = NODES.objectNode();
        if (!form.regions().isEmpty()) {
            ArrayNode regions = root.putArray("regions");
            form.regions().forEach(region -> regions.add(region(region)));
        }
        ObjectNode thresholds = NODES.objectNode();
        putText(thresholds, "failoverThreshold", form.failoverThreshold());
        putText(thresholds, "healthCheckInterval", form.healthCheckInterval());
        putText(thresholds, "backupRetention", form.backupRetention());
        if (!thresholds.isEmpty()) {
            root.set("thresholds", thresholds);
        }
        ObjectNode targets = NODES.objectNode();
        for (TargetEntry target : form.targets()) {
            if (target.getComponent() != null) {
                targets.set(target.getComponent(), target(target));
            }
        }
        if (!targets.isEmpty()) {
            root.set("targets", targets);
        }
        ObjectNode components = NODES.objectNode();
        for (ComponentEntry component : form.components()) {
            if (component.getName() != null) {
                components.set(component.getName(), component(component));
            }
        }
        if (!components.isEmpty()) {
            root.set("components", components);
        }
        if (!form.ageRecipients().isEmpty()) {
            ArrayNode recipients = root.putObject("age").putArray("recipients");
            form.ageRecipients().forEach(recipients::add);
        }
        ObjectNode notifications = notifications(form);
        if (!notifications.isEmpty()) {
            root.set("notifications", notifications);
        }
        IncidentResponseYaml.oncall(form.incidentResponse().oncall()).ifPresent(node -> root.set("oncall", node));
        ObjectNode incidents = IncidentResponseYaml.incidents(form.incidentResponse().incidents());
        if (!incidents.isEmpty()) {
            root.set("incidents", incidents);
        }
        return root;
    }

    /**
     * Webhooks by name and format only: each URL is named by an environment variable ({@link #webhookVariable}) that
     * the step sets, on the agent, from the webhook's secret text credential. The URL never enters dr.yaml.
     */
    static ObjectNode notifications(PlanForm form) {
        ObjectNode notifications = NODES.objectNode();
        putText(notifications, "service", form.notificationService());
        if (!form.webhooks().isEmpty()) {
            ArrayNode webhooks = notifications.putArray("webhooks");
            for (int i = 0; i < form.webhooks().size(); i++) {
                WebhookEntry webhook = form.webhooks().get(i);
                ObjectNode node = webhooks.addObject();
                putText(node, "name", webhook.getName());
                node.put("urlEnv", webhookVariable(i));
                putText(node, "format", webhook.getFormat());
                List<String> audiences = audiences(webhook.getAudiences());
                if (!audiences.isEmpty()) {
                    ArrayNode list = node.putArray("audiences");
                    audiences.forEach(list::add);
                }
            }
        }
        IncidentResponseYaml.channels(form.incidentResponse(), notifications);
        return notifications;
    }

    /** A webhook's audiences as typed: separated by commas, spaces or lines. */
    static List<String> audiences(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(text.strip().split("[,\\s]+")).filter(a -> !a.isEmpty()).toList();
    }

    /** A field of {@code notifications.email} as dr.yaml writes it: the port a number, address lists as lists. */
    static void putEmailField(ObjectNode email, String key, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        switch (key) {
            case "port" -> {
                try {
                    email.put("port", Integer.parseInt(value.strip()));
                } catch (NumberFormatException e) {
                    email.put("port", value.strip()); // for ConfigLoader to report
                }
            }
            case "stakeholders", "executives" -> {
                ArrayNode list = email.putArray(key);
                java.util.Arrays.stream(value.strip().split("[,\\s]+")).filter(a -> !a.isEmpty()).forEach(list::add);
            }
            default -> email.put(key, value.strip());
        }
    }

    /** The environment variable carrying the URL of the {@code index}th (0-based) webhook. */
    public static String webhookVariable(int index) {
        return WEBHOOK_VARIABLE + (index + 1);
    }

    static ObjectNode region(RegionEntry region) {
        ObjectNode node = NODES.objectNode();
        putText(node, "name", region.getName());
        putText(node, "role", region.getRole());
        putText(node, "bucket", region.getBucket());
        putText(node, "endpoint", region.getEndpoint());
        putText(node, "database", region.getDatabase());
        // The nested failover settings as typed; a snippet that is not a mapping is left out here and refused by the
        // form (FieldChecks.regionFailoverSettings) before it can be saved.
        failoverSettings(region.getFailoverSettings()).ifPresent(settings -> settings.fields().forEachRemaining(field -> {
            if (!node.has(field.getKey())) {
                node.set(field.getKey(), field.getValue());
            }
        }));
        return node;
    }

    /** The snippet as a YAML mapping, or empty when blank or not a mapping. */
    static Optional<ObjectNode> failoverSettings(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode tree = YAML.readTree(text);
            return tree != null && tree.isObject() ? Optional.of((ObjectNode) tree) : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    static ObjectNode target(TargetEntry target) {
        ObjectNode node = NODES.objectNode();
        putText(node, "rto", target.getRto());
        putText(node, "rpo", target.getRpo());
        return node;
    }

    static ObjectNode component(ComponentEntry component) {
        ObjectNode node = NODES.objectNode();
        putText(node, "type", component.getType());
        String type = component.getType();
        if (FieldChecks.usesField(type, "url")) {
            putText(node, "url", component.getUrl());
        }
        if (FieldChecks.usesField(type, "path")) {
            putText(node, "path", component.getPath());
        }
        if (FieldChecks.usesField(type, "command")) {
            putText(node, "command", component.getCommand());
        }
        if (component.isAllowEmpty() && FieldChecks.usesField(type, "allowEmpty")) {
            node.put("allowEmpty", true);
        }
        if (component.isEncrypt()) {
            node.put("encrypt", true);
        }
        putText(node, "compression", component.getCompression());
        putLevel(node, component.getLevel());
        List<String> checks = component.checkList();
        if (!checks.isEmpty() && FieldChecks.usesField(type, "checks")) {
            ArrayNode list = node.putArray("checks");
            checks.forEach(list::add);
        }
        if (FieldChecks.usesField(type, "archiveTimeout")) {
            putText(node, "archiveTimeout", component.getArchiveTimeout());
        }
        if (FieldChecks.usesField(type, "include")) {
            putPatterns(node, "include", component.getInclude());
            putPatterns(node, "exclude", component.getExclude());
            if (component.isBuilds()) {
                node.put("builds", true);
            }
            if (component.isPluginBinaries()) {
                node.put("pluginBinaries", true);
            }
        }
        if (FieldChecks.usesField(type, "bucket")) {
            putAssetField(node, "bucket", component.getBucket());
            putAssetField(node, "prefix", component.getPrefix());
            putAssetField(node, "sample", component.getSample());
            putAssetField(node, "cdnUrl", component.getCdnUrl());
        }
        return node;
    }

    /** jenkins-home: one glob pattern a line in the form, a list in dr.yaml. */
    private static void putPatterns(ObjectNode node, String key, String lines) {
        List<String> patterns = Text.lines(lines);
        if (!patterns.isEmpty()) {
            ArrayNode list = node.putArray(key);
            patterns.forEach(list::add);
        }
    }

    /** An s3-prefix field as dr.yaml writes it: the CDN URL becomes {@code healthCheck: { http: URL }}, a count a number. */
    static void putAssetField(ObjectNode node, String key, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        switch (key) {
            case "cdnUrl" -> node.putObject("healthCheck").put("http", value.strip());
            case "sample" -> {
                try {
                    node.put("sample", Integer.parseInt(value.strip()));
                } catch (NumberFormatException e) {
                    node.put("sample", value.strip()); // "all", or a mistake for ConfigLoader to report
                }
            }
            default -> node.put(key, value.strip());
        }
    }

    /** A number when it is one, else the text as typed, for ConfigLoader to report. */
    static void putLevel(ObjectNode node, String level) {
        if (level == null) {
            return;
        }
        try {
            node.put("level", Integer.parseInt(level));
        } catch (NumberFormatException e) {
            node.put("level", level);
        }
    }

    static void putText(ObjectNode node, String key, String value) {
        if (value != null && !value.isBlank()) {
            node.put(key, value.strip());
        }
    }

    /**
     * The form for a dr.yaml text (the "import a dr.yaml" field): validated by ConfigLoader, then mapped field by
     * field, with each region's nested failover settings copied from the text as YAML and the notification service
     * kept. Webhooks are not imported: their URLs must become credentials first (see {@link #webhooksIn}).
     *
     * @throws org.drjenkins.engine.config.ConfigException with every problem of the text
     */
    public static PlanForm fromYaml(String text, String sourceName) {
        PlanForm form = fromConfig(ConfigLoader.parse(text, sourceName));
        JsonNode root = tree(text);
        JsonNode regions = root.path("regions");
        for (RegionEntry region : form.regions()) {
            for (JsonNode node : regions) {
                if (region.getName().equals(node.path("name").asText())) {
                    ObjectNode settings = NODES.objectNode();
                    for (String key : FAILOVER_SETTINGS) {
                        if (node.has(key)) {
                            settings.set(key, node.get(key));
                        }
                    }
                    region.setFailoverSettings(settings.isEmpty() ? null : write(settings));
                }
            }
        }
        JsonNode service = root.path("notifications").path("service");
        return new PlanForm(form.regions(), form.failoverThreshold(), form.healthCheckInterval(),
                form.backupRetention(), form.targets(), form.components(), form.ageRecipients(),
                service.isTextual() ? service.asText() : null, List.of(), IncidentResponseYaml.fromTree(root));
    }

    /** How many webhooks a dr.yaml text names (the import leaves them to be added with credentials). */
    public static int webhooksIn(String text) {
        JsonNode webhooks = tree(text).path("notifications").path("webhooks");
        return webhooks.isArray() ? webhooks.size() : 0;
    }

    static JsonNode tree(String text) {
        try {
            JsonNode tree = YAML.readTree(text);
            return tree == null ? NODES.objectNode() : tree;
        } catch (JacksonException e) {
            return NODES.objectNode();
        }
    }

    /**
     * The form for a validated configuration. Values the engine would fill in anyway —
     * the plan's default targets, a compression's default level — are left blank so that the form shows only what
     * the imported file decided.
     */
    public static PlanForm fromConfig(DrConfig config) {
        List<RegionEntry> regions = new ArrayList<>();
        for (Region region : config.regions()) {
            RegionEntry entry = new RegionEntry(region.name(), region.role().label(), region.bucket());
            entry.setEndpoint(region.endpoint() == null ? null : region.endpoint().toString());
            entry.setDatabase(region.database());
            regions.add(entry);
        }
        List<TargetEntry> targets = new ArrayList<>();
        Map<String, Targets> planDefaults = Targets.planDefaults();
        config.targets().forEach((name, value) -> {
            if (!Objects.equals(planDefaults.get(name), value)) {
                TargetEntry entry = new TargetEntry(name);
                entry.setRto(Durations.format(value.rto()));
                entry.setRpo(Durations.format(value.rpo()));
                targets.add(entry);
            }
        });
        List<ComponentEntry> components = new ArrayList<>();
        for (Component component : config.components().values()) {
            components.add(componentEntry(component));
        }
        return new PlanForm(regions, Durations.format(config.thresholds().failoverThreshold()),
                Durations.format(config.thresholds().healthCheckInterval()),
                Durations.format(config.thresholds().backupRetention()), targets, components, config.ageRecipients());
    }

    private static ComponentEntry componentEntry(Component component) {
        ComponentEntry entry = new ComponentEntry(component.name(), component.type().yamlName());
        entry.setUrl(component.url());
        entry.setPath(component.path() == null ? null : component.path().toString());
        entry.setCommand(component.command());
        entry.setEncrypt(component.encrypt());
        entry.setAllowEmpty(component.allowEmpty());
        entry.setCompression(component.compression() == Compression.ZSTD ? null : component.compression().yamlName());
        boolean defaultLevel = component.compression() == Compression.NONE
                || component.compressionLevel() == component.compression().defaultLevel();
        entry.setLevel(defaultLevel ? null : Integer.toString(component.compressionLevel()));
        entry.setChecks(component.checks().isEmpty() ? null : String.join("\n", component.checks()));
        entry.setArchiveTimeout(component.archiveTimeout().map(Durations::format).orElse(null));
        if (component.jenkinsHome() != null) {
            entry.setInclude(String.join("\n", component.jenkinsHome().include()));
            entry.setExclude(String.join("\n", component.jenkinsHome().exclude()));
            entry.setBuilds(component.jenkinsHome().builds());
            entry.setPluginBinaries(component.jenkinsHome().pluginBinaries());
        }
        if (component.s3Prefix() != null) {
            entry.setBucket(component.s3Prefix().bucket());
            entry.setPrefix(component.s3Prefix().prefix().isEmpty() ? null : component.s3Prefix().prefix());
            component.s3Prefix().sample().ifPresent(n -> entry.setSample(n == Integer.MAX_VALUE ? "all" : Integer.toString(n)));
            component.s3Prefix().cdnCheck().ifPresent(check -> entry.setCdnUrl(check.url().toString()));
        }
        return entry;
    }
}
