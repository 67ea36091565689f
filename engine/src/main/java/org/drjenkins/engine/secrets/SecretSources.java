package org.drjenkins.engine.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads secrets from the environment variables the product documents. */
final class SecretSources {

    private SecretSources() {
    }

    static List<String> recipients(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** {@code DR_AGE_IDENTITY} wins; else the first {@code AGE-SECRET-KEY-1} line of {@code DR_AGE_IDENTITY_FILE} (age-keygen's format). */
    static Optional<String> identity(Map<String, String> env) {
        String inline = env.get("DR_AGE_IDENTITY");
        if (inline != null && !inline.isBlank()) {
            return Optional.of(inline.trim());
        }
        String file = env.get("DR_AGE_IDENTITY_FILE");
        if (file == null || file.isBlank()) {
            return Optional.empty();
        }
        try {
            return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8).stream().map(String::trim)
                    .filter(line -> line.startsWith("AGE-SECRET-KEY-1")).findFirst();
        } catch (IOException e) {
            // The message names the variable and the file, never its content.
            throw new UncheckedIOException("DR_AGE_IDENTITY_FILE: cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
