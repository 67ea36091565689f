package org.drjenkins.engine.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The keys a mapping may have. A key outside them is an error naming the closest allowed key, because a misspelt
 * optional key ({@code failoverTreshold}) would otherwise be ignored and its default used without anyone noticing.
 */
final class AllowedKeys {

    private final List<String> keys;

    AllowedKeys(String... keys) {
        this.keys = List.of(keys);
    }

    List<String> keys() {
        return keys;
    }

    boolean contains(String key) {
        return keys.contains(key);
    }

    /**
     * Reports every key of {@code mapping} that is not allowed, under {@code parent.key}.
     *
     * @return the allowed keys suggested instead, so the caller does not also call them missing
     */
    Set<String> check(JsonNode mapping, String parent, Problems problems) {
        Set<String> suggested = new HashSet<>();
        for (Iterator<String> names = mapping.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!keys.contains(key)) {
                problems.add(Problems.field(parent, key), unknownKeyMessage(key, keys));
                closest(key, keys).ifPresent(suggested::add);
            }
        }
        return suggested;
    }

    /** {@code unknown key; did you mean X? (allowed keys: ...)}, the suggestion only when one is close. */
    static String unknownKeyMessage(String key, Collection<String> allowed) {
        String list = String.join(", ", allowed);
        return closest(key, allowed)
                .map(match -> "unknown key; did you mean " + match + "? (allowed keys: " + list + ")")
                .orElse("unknown key; allowed keys are " + list);
    }

    /**
     * The allowed key the user most likely meant: the same key in another spelling style ({@code failover_threshold},
     * {@code FailoverThreshold}) or one a few typos away, else empty.
     */
    static Optional<String> closest(String key, Collection<String> allowed) {
        String normalized = normalize(key);
        for (String candidate : allowed) {
            if (normalize(candidate).equals(normalized)) {
                return Optional.of(candidate);
            }
        }
        // Short keys get fewer edits, or every three-letter typo would "mean" every other three-letter key.
        int limit = Math.max(1, Math.min(2, normalized.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            int distance = editDistance(normalized, normalize(candidate));
            if (distance <= limit && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    private static String normalize(String key) {
        return key.toLowerCase(Locale.ROOT).replaceAll("[-_\\s]", "");
    }

    /**
     * Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours each count one.
     * Hand-written because the only library offering it (commons-text) would be a new dependency for twenty lines.
     */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
