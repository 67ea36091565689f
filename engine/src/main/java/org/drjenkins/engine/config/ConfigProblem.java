package org.drjenkins.engine.config;

import java.util.Objects;

/**
 * One thing wrong with a configuration, where it is and how to fix it.
 *
 * @param field   the path of the offending setting, e.g. {@code regions[1].role}, {@code components.database.url};
 *                empty when the problem concerns the whole document (empty file, YAML syntax error)
 * @param message what is wrong with the value and what to write instead; never contains a secret
 */
public record ConfigProblem(String field, String message) {

    public ConfigProblem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /** {@code field: message}, or just the message for a whole-document problem. */
    @Override
    public String toString() {
        return field.isEmpty() ? message : field + ": " + message;
    }
}
