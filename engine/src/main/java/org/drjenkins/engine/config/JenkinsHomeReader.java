package org.drjenkins.engine.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the settings of a {@code jenkins-home} component: its path and which files of the home it takes. */
final class JenkinsHomeReader {

    static final List<String> KEYS = List.of("path", "include", "exclude", "builds", "pluginBinaries");
    /** The path that means "the controller this runs in" (the plugin's drBackup on the built-in node). */
    static final String AUTO = "auto";

    private JenkinsHomeReader() {
    }

    /** The home, or empty for {@code auto} (also when path is left out). */
    static Optional<Path> path(JsonNode node, String field, Problems problems) {
        JsonNode value = node.get("path");
        if (Scalars.absent(value)) {
            return Optional.empty();
        }
        String pathField = Problems.field(field, "path");
        Optional<String> text = Scalars.text(value, pathField, problems);
        if (text.isEmpty() || text.get().isBlank() || AUTO.equals(text.get().strip())) {
            return Optional.empty();
        }
        try {
            Path path = Path.of(text.get().strip());
            if (path.isAbsolute()) {
                return Optional.of(path.normalize());
            }
            problems.add(pathField, "\"" + text.get() + "\" is relative; use the controller's absolute JENKINS_HOME, e.g. path: "
                    + "/var/lib/jenkins (or auto in the plugin, for the controller it runs in)");
        } catch (InvalidPathException e) {
            problems.add(pathField, "\"" + text.get() + "\" is not a usable path (" + e.getReason() + "); use e.g. /var/lib/jenkins");
        }
        return Optional.empty();
    }

    static JenkinsHomeSpec spec(JsonNode node, String field, Problems problems) {
        List<String> include = patterns(node.get("include"), Problems.field(field, "include"), problems);
        List<String> exclude = patterns(node.get("exclude"), Problems.field(field, "exclude"), problems);
        boolean builds = flag(node, "builds", field, problems);
        boolean pluginBinaries = flag(node, "pluginBinaries", field, problems);
        return new JenkinsHomeSpec(include, exclude, builds, pluginBinaries);
    }

    private static boolean flag(JsonNode node, String key, String field, Problems problems) {
        return !Scalars.absent(node.get(key)) && Scalars.bool(node.get(key), Problems.field(field, key), problems).orElse(false);
    }

    private static List<String> patterns(JsonNode node, String field, Problems problems) {
        if (Scalars.absent(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(field, "must be a list of glob patterns relative to the home, e.g. [\"jobs/*/builds/permalinks\"], not "
                    + Scalars.kind(node));
            return List.of();
        }
        List<String> patterns = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String element = Problems.element(field, i);
            Scalars.text(node.get(i), element, problems).ifPresent(pattern -> {
                if (pattern.isBlank() || pattern.startsWith("/")) {
                    problems.add(element, "\"" + pattern + "\" is not a pattern relative to the home; write it like jobs/**/config.xml");
                    return;
                }
                try {
                    FileSystems.getDefault().getPathMatcher("glob:" + pattern);
                    patterns.add(pattern);
                } catch (IllegalArgumentException e) {
                    problems.add(element, "\"" + pattern + "\" is not a glob pattern (" + e.getMessage().lines().findFirst().orElse("")
                            + "); write it like jobs/**/config.xml");
                }
            });
        }
        return patterns;
    }
}
