package io.jenkins.plugins.dr.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * First-pass check of the dr.yaml text typed into the global configuration: it must be there and parse as a YAML
 * mapping. Whether the settings make sense is the engine's ConfigLoader's job, which will take over this check.
 */
public final class ConfigYamlSyntax {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigYamlSyntax() {
    }

    /**
     * Returns the one-line problem with the text, or empty when it parses. The message names the line and column
     * but never quotes the text itself: dr.yaml may hold values that must not end up on a web page or in a log.
     */
    public static Optional<String> problemIn(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of("The dr.yaml configuration is empty: paste it here (see the help for its layout).");
        }
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            return Optional.of(describe(e));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return Optional.of("The dr.yaml configuration holds only comments: paste the settings themselves.");
        }
        if (!root.isObject()) {
            return Optional.of("The dr.yaml configuration must be a mapping of settings (key: value) at the top level,"
                    + " not " + (root.isArray() ? "a list" : "a single value") + ".");
        }
        return Optional.empty();
    }

    private static String describe(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            // SnakeYAML's mark is where the problem is; Jackson's location is only where its parser stood.
            Mark mark = marked.getProblemMark();
            return invalid(mark.getLine() + 1, mark.getColumn() + 1, marked.getProblem());
        }
        JsonLocation where = e.getLocation();
        return invalid(where == null ? -1 : where.getLineNr(), where == null ? -1 : where.getColumnNr(),
                "the text is not well-formed");
    }

    private static String invalid(int line, int column, String problem) {
        String position = line > 0 ? " at line " + line + ", column " + column : "";
        return "The dr.yaml configuration is not valid YAML" + position + ": " + problem + ".";
    }
}
