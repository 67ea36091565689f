package org.drjenkins.engine.oncall;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The plan's on-call layers, in escalation order: the primary is paged first, the secondary next, the escalation
 * contact (CTO, VP Engineering) last.
 */
public enum Layer {
    PRIMARY, SECONDARY, ESCALATION;

    /** As written in dr.yaml: {@code primary}, {@code secondary}, {@code escalation}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Layer> fromYaml(String text) {
        return Arrays.stream(values()).filter(l -> l.yamlName().equalsIgnoreCase(text == null ? "" : text.strip())).findFirst();
    }

    /** The layer paged when this one does not acknowledge in time; empty after the escalation contact. */
    public Optional<Layer> next() {
        return ordinal() + 1 < values().length ? Optional.of(values()[ordinal() + 1]) : Optional.empty();
    }
}
