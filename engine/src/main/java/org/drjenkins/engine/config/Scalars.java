package org.drjenkins.engine.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads single values out of the YAML tree. Each method reports a wrongly typed value under its field and returns
 * empty, so the caller simply skips the checks that need the value and goes on to the next field.
 */
final class Scalars {

    private Scalars() {
    }

    /** Not written, or written without a value ({@code key:} / {@code key: ~}). */
    static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** The value as the user wrote it, for messages: {@code "5 minutes"} quoted, numbers and booleans bare. */
    static String show(JsonNode node) {
        if (node.isTextual()) {
            return "\"" + node.asText() + "\"";
        }
        return node.isValueNode() ? node.asText() : kind(node);
    }

    /** What a node is, in the user's words: {@code a list}, {@code a mapping}, {@code a text value}. */
    static String kind(JsonNode node) {
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "true/false";
        }
        return absent(node) ? "nothing" : "a text value";
    }

    /** A scalar as text (YAML numbers and booleans included: {@code bucket: 123} is a bucket named "123"). */
    static Optional<String> text(JsonNode node, String field, Problems problems) {
        if (!node.isValueNode()) {
            problems.add(field, "must be a single value, not " + kind(node));
            return Optional.empty();
        }
        return Optional.of(node.asText());
    }

    /** {@code true} or {@code false}. */
    static Optional<Boolean> bool(JsonNode node, String field, Problems problems) {
        if (node.isBoolean()) {
            return Optional.of(node.booleanValue());
        }
        String text = node.isTextual() ? node.asText().toLowerCase(Locale.ROOT) : "";
        if (text.equals("true") || text.equals("false")) {
            return Optional.of(Boolean.parseBoolean(text));
        }
        problems.add(field, show(node) + " is not true or false; write true or false");
        return Optional.empty();
    }

    /** A whole number, also when quoted. */
    static Optional<Integer> integer(JsonNode node, String field, Problems problems) {
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return Optional.of(node.intValue());
        }
        if (node.isTextual() && node.asText().strip().matches("-?\\d{1,9}")) {
            return Optional.of(Integer.parseInt(node.asText().strip()));
        }
        problems.add(field, show(node) + " is not a whole number; write a number such as 3");
        return Optional.empty();
    }

    /** Any duration {@link Durations#parse} reads, negative ones included (callers say why those are wrong). */
    static Optional<Duration> duration(JsonNode node, String field, Problems problems) {
        if (!node.isValueNode()) {
            problems.add(field, "must be a duration such as 5m, not " + kind(node));
            return Optional.empty();
        }
        try {
            return Optional.of(Durations.parse(node.asText()));
        } catch (IllegalArgumentException e) {
            problems.add(field, e.getMessage());
            return Optional.empty();
        }
    }

    /** A duration greater than zero; {@code example} is a sensible value for this field, shown in the fix. */
    static Optional<Duration> positiveDuration(JsonNode node, String field, Problems problems, String example) {
        Optional<Duration> duration = duration(node, field, problems);
        if (duration.isPresent() && duration.get().isNegative()) {
            problems.add(field, show(node) + " is negative; use a positive duration such as " + example);
            return Optional.empty();
        }
        if (duration.isPresent() && duration.get().isZero()) {
            problems.add(field, show(node) + " is zero; use a positive duration such as " + example);
            return Optional.empty();
        }
        return duration;
    }

    /**
     * The positive duration at {@code section.key}, or {@code fallback} when it is absent: the shape of every
     * section whose left-out values keep the plan's numbers (thresholds, freshness).
     */
    static Optional<Duration> positiveDurationOr(JsonNode section, String sectionField, String key, Duration fallback,
            String example, Problems problems) {
        JsonNode value = section.get(key);
        if (absent(value)) {
            return Optional.of(fallback);
        }
        return positiveDuration(value, Problems.field(sectionField, key), problems, example);
    }
}
