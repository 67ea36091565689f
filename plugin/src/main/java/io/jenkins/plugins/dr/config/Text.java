package io.jenkins.plugins.dr.config;

import java.util.Arrays;
import java.util.List;

/** Form text as the configuration keeps it: blank means "not set" (null), so that YAML leaves the key out. */
public final class Text {
    private Text() {
    }

    public static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The non-blank lines of a textarea, trimmed. */
    public static List<String> lines(String value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split("\\R")).map(String::strip).filter(line -> !line.isEmpty()).toList();
    }
}
