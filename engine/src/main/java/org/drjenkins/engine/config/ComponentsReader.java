package org.drjenkins.engine.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@code components:}, the things the plan backs up, in file order. */
final class ComponentsReader {

    static final String FIELD = "components";

    private static final List<String> COMMON_KEYS = List.of("type", "encrypt", "compression", "level");
    private static final Map<ComponentType, List<String>> TYPE_KEYS = Map.of(
            ComponentType.POSTGRES, List.of("url", "checks"),
            ComponentType.POSTGRES_CLUSTER, List.of("url", "checks", "archiveTimeout"),
            ComponentType.DIRECTORY, List.of("path"),
            ComponentType.COMMAND, List.of("command", "allowEmpty", "kind"),
            ComponentType.S3_PREFIX, S3PrefixReader.KEYS,
            ComponentType.JENKINS_HOME, JenkinsHomeReader.KEYS);
    private static final AllowedKeys ALL_KEYS = new AllowedKeys(
            "type", "url", "path", "command", "encrypt", "compression", "level", "checks", "archiveTimeout", "allowEmpty",
            "kind", "bucket", "prefix", "endpoint", "sample", "healthCheck",
            "include", "exclude", "builds", "pluginBinaries");

    private ComponentsReader() {
    }

    static Map<String, Component> read(JsonNode node, Problems problems) {
        Map<String, Component> components = new LinkedHashMap<>();
        if (Scalars.absent(node)) {
            return components;
        }
        if (!node.isObject()) {
            problems.add(FIELD, "must be a mapping of component name to its settings, not " + Scalars.kind(node));
            return components;
        }
        for (Iterator<Map.Entry<String, JsonNode>> entries = node.fields(); entries.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = entries.next();
            readComponent(entry.getKey(), entry.getValue(), problems)
                    .ifPresent(component -> components.put(component.name(), component));
        }
        return components;
    }

    private static Optional<Component> readComponent(String name, JsonNode node, Problems problems) {
        String field = Problems.field(FIELD, name);
        int before = problems.count();
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            String suggestion = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
            problems.add(field, "\"" + name + "\" cannot be a component name: it becomes the component's folder (S3 key "
                    + "prefix) in the bucket; use lowercase letters, digits and hyphens, starting with a letter or digit"
                    + (suggestion.isEmpty() ? "" : ", e.g. " + suggestion));
        }
        if (!node.isObject()) {
            problems.add(field, "must be a mapping with at least a type (" + ComponentType.allowed() + "), not "
                    + Scalars.kind(node));
            return Optional.empty();
        }
        Optional<ComponentType> type = type(node, Problems.field(field, "type"), problems);
        Set<String> misspelt = checkKeys(node, field, type, problems);

        String url = null;
        Path path = null;
        String command = null;
        List<String> checks = List.of();
        Optional<Duration> archiveTimeout = Optional.empty();
        S3PrefixSpec s3Prefix = null;
        JenkinsHomeSpec jenkinsHome = null;
        if (type.isPresent()) {
            switch (type.get()) {
                case POSTGRES -> {
                    url = required(node, field, "url", "url: " + PostgresUrls.EXAMPLE, misspelt, problems)
                            .filter(value -> validUrl(value, Problems.field(field, "url"), problems)).orElse(null);
                    checks = checks(node.get("checks"), Problems.field(field, "checks"), problems);
                }
                case POSTGRES_CLUSTER -> {
                    // pg_basebackup connects with replication=true: the user needs the REPLICATION attribute (and a
                    // "replication" line in pg_hba.conf); the database named is where checks run after a restore.
                    url = required(node, field, "url", "the URL of a user with the REPLICATION attribute, e.g. url: "
                            + PostgresUrls.EXAMPLE, misspelt, problems)
                            .filter(value -> validUrl(value, Problems.field(field, "url"), problems)).orElse(null);
                    checks = checks(node.get("checks"), Problems.field(field, "checks"), problems);
                    if (!Scalars.absent(node.get("archiveTimeout"))) {
                        archiveTimeout = Scalars.positiveDuration(node.get("archiveTimeout"),
                                Problems.field(field, "archiveTimeout"), problems, "60s");
                    }
                }
                case DIRECTORY -> path = required(node, field, "path",
                        "the absolute path, e.g. path: /etc/ci-failure-agent", misspelt, problems)
                        .flatMap(value -> absolutePath(value, Problems.field(field, "path"), problems)).orElse(null);
                case COMMAND -> command = required(node, field, "command",
                        "the shell command whose output is backed up, e.g. command: \"kubectl get secrets -A -o json\"", misspelt,
                        problems)
                        .filter(value -> nonBlank(value, Problems.field(field, "command"), problems)).orElse(null);
                case S3_PREFIX -> s3Prefix = S3PrefixReader.read(node, field, misspelt, problems).orElse(null);
                case JENKINS_HOME -> {
                    path = JenkinsHomeReader.path(node, field, problems).orElse(null);
                    jenkinsHome = JenkinsHomeReader.spec(node, field, problems);
                }
            }
        }
        boolean allowEmpty = type.filter(t -> t == ComponentType.COMMAND).isPresent() && !Scalars.absent(node.get("allowEmpty"))
                && Scalars.bool(node.get("allowEmpty"), Problems.field(field, "allowEmpty"), problems).orElse(false);
        String kind = type.filter(t -> t == ComponentType.COMMAND).isPresent() ? kind(node.get("kind"), Problems.field(field, "kind"),
                problems) : null;
        boolean encrypt = Scalars.absent(node.get("encrypt")) ? false
                : Scalars.bool(node.get("encrypt"), Problems.field(field, "encrypt"), problems).orElse(false);
        Optional<Compression> compression = compression(node.get("compression"), Problems.field(field, "compression"), problems);
        int level = compression.map(c -> level(node.get("level"), c, Problems.field(field, "level"), problems))
                .orElse(0);
        if (problems.count() != before) {
            return Optional.empty();
        }
        return Optional.of(new Component(name, type.orElseThrow(), url, path, command, encrypt, compression.orElseThrow(),
                level, checks, archiveTimeout, allowEmpty, s3Prefix, kind, jenkinsHome));
    }

    /** {@code kind:} of a command component: absent, or one of the kinds a restore knows how to turn back. */
    private static String kind(JsonNode node, String field, Problems problems) {
        if (Scalars.absent(node)) {
            return null;
        }
        if (node.isTextual() && Component.KUBERNETES_SECRETS.equals(node.asText())) {
            return Component.KUBERNETES_SECRETS;
        }
        problems.add(field, Scalars.show(node) + " is not a known kind; use kind: " + Component.KUBERNETES_SECRETS
                + " (the output of kubectl get secrets -A -o json) or leave it out for plain bytes");
        return null;
    }

    private static Optional<ComponentType> type(JsonNode component, String field, Problems problems) {
        JsonNode node = component.get("type");
        if (Scalars.absent(node)) {
            boolean misspelt = false;
            for (Iterator<String> keys = component.fieldNames(); keys.hasNext(); ) {
                misspelt |= AllowedKeys.closest(keys.next(), List.of("type")).isPresent();
            }
            if (!misspelt) {
                // A misspelt "tpye" is reported as an unknown key; calling type missing too would be noise.
                problems.add(field, "missing; add type: with one of " + ComponentType.allowed());
            }
            return Optional.empty();
        }
        Optional<ComponentType> type = Scalars.text(node, field, problems).flatMap(ComponentType::fromYaml);
        if (type.isEmpty() && node.isValueNode()) {
            problems.add(field, Scalars.show(node) + " is not a component type; use one of " + ComponentType.allowed());
        }
        return type;
    }

    /**
     * Unknown keys, and keys of another type: {@code path} on a postgres component would be silently ignored, so the
     * user would believe a directory is backed up that is not.
     */
    private static Set<String> checkKeys(JsonNode node, String field, Optional<ComponentType> type, Problems problems) {
        Set<String> suggested = new HashSet<>();
        List<String> allowed = new ArrayList<>(COMMON_KEYS);
        type.ifPresentOrElse(t -> allowed.addAll(TYPE_KEYS.get(t)), () -> allowed.addAll(ALL_KEYS.keys()));
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (allowed.contains(key)) {
                continue;
            }
            String keyField = Problems.field(field, key);
            if (ALL_KEYS.contains(key)) {
                problems.add(keyField, "is not used by a " + type.orElseThrow().yamlName() + " component (" + key
                        + " is only for " + ownerOf(key) + " components); remove it or change the type");
            } else {
                problems.add(keyField, AllowedKeys.unknownKeyMessage(key, allowed));
                AllowedKeys.closest(key, allowed).ifPresent(suggested::add);
            }
        }
        return suggested;
    }

    private static String ownerOf(String key) {
        List<String> owners = java.util.Arrays.stream(ComponentType.values())
                .filter(t -> TYPE_KEYS.get(t).contains(key)).map(ComponentType::yamlName).toList();
        return owners.isEmpty() ? "other" : String.join(" and ", owners);
    }

    /** @param misspelt keys already reported as written under a misspelt name: not missing a second time */
    private static Optional<String> required(JsonNode component, String field, String key, String hint,
            Set<String> misspelt, Problems problems) {
        JsonNode value = component.get(key);
        String keyField = Problems.field(field, key);
        if (Scalars.absent(value)) {
            if (!misspelt.contains(key)) {
                problems.add(keyField, "missing; add " + hint);
            }
            return Optional.empty();
        }
        return Scalars.text(value, keyField, problems);
    }

    private static boolean validUrl(String url, String field, Problems problems) {
        Optional<String> problem = PostgresUrls.problem(url.strip());
        problem.ifPresent(message -> problems.add(field, message));
        return problem.isEmpty();
    }

    private static Optional<Path> absolutePath(String value, String field, Problems problems) {
        try {
            Path path = Path.of(value);
            if (path.isAbsolute()) {
                return Optional.of(path.normalize());
            }
            problems.add(field, "\"" + value + "\" is relative; use an absolute path such as /etc/ci-failure-agent "
                    + "(backups run from varying working directories)");
        } catch (InvalidPathException e) {
            problems.add(field, "\"" + value + "\" is not a usable path (" + e.getReason() + "); use an absolute path "
                    + "such as /etc/ci-failure-agent");
        }
        return Optional.empty();
    }

    private static boolean nonBlank(String value, String field, Problems problems) {
        if (value.isBlank()) {
            problems.add(field, "is blank; write the shell command whose output is backed up");
            return false;
        }
        return true;
    }

    /** Only postgres and postgres-cluster components reach here: checks elsewhere are refused by {@link #checkKeys}. */
    private static List<String> checks(JsonNode node, String field, Problems problems) {
        if (Scalars.absent(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(field, "must be a list of SQL queries, e.g. [\"select count(*) > 0 from users\"], not "
                    + Scalars.kind(node));
            return List.of();
        }
        List<String> checks = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String checkField = Problems.element(field, i);
            Scalars.text(node.get(i), checkField, problems).ifPresent(query -> {
                if (query.isBlank()) {
                    problems.add(checkField, "is blank; write a query returning true on a good restore, e.g. "
                            + "select count(*) > 0 from users");
                } else {
                    checks.add(query.strip());
                }
            });
        }
        return checks;
    }

    private static Optional<Compression> compression(JsonNode node, String field, Problems problems) {
        if (Scalars.absent(node)) {
            return Optional.of(Compression.ZSTD);
        }
        Optional<Compression> compression = Scalars.text(node, field, problems).flatMap(Compression::fromYaml);
        if (compression.isEmpty() && node.isValueNode()) {
            problems.add(field, Scalars.show(node) + " is not a compression; use one of zstd, gzip, none");
        }
        return compression;
    }

    private static int level(JsonNode node, Compression compression, String field, Problems problems) {
        if (Scalars.absent(node)) {
            return compression.defaultLevel();
        }
        Optional<Integer> level = Scalars.integer(node, field, problems);
        if (level.isEmpty()) {
            return compression.defaultLevel();
        }
        if (compression == Compression.NONE) {
            problems.add(field, "is set, but compression none has no level; remove level or choose zstd or gzip");
        } else if (level.get() < compression.minLevel() || level.get() > compression.maxLevel()) {
            problems.add(field, level.get() + " is outside " + compression.yamlName() + "'s range; use a level from "
                    + compression.minLevel() + " to " + compression.maxLevel() + " (default " + compression.defaultLevel() + ")");
        }
        return level.get();
    }
}
