package org.drjenkins.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Reads {@code watch:}; left out, one watcher decides alone. */
final class WatchReader {

    static final String FIELD = "watch";
    private static final String QUORUM = "quorum";
    private static final AllowedKeys KEYS = new AllowedKeys(QUORUM);

    private WatchReader() {
    }

    /** @param regions how many regions the plan has: a quorum of watchers in different regions cannot exceed it */
    static WatchSettings read(JsonNode node, int regions, Problems problems) {
        WatchSettings defaults = WatchSettings.defaults();
        if (Scalars.absent(node)) {
            return defaults;
        }
        if (!node.isObject()) {
            problems.add(FIELD, "must be a mapping of " + String.join(", ", KEYS.keys()) + ", not " + Scalars.kind(node));
            return defaults;
        }
        KEYS.check(node, FIELD, problems);
        JsonNode quorumNode = node.get(QUORUM);
        if (Scalars.absent(quorumNode)) {
            return defaults;
        }
        String field = Problems.field(FIELD, QUORUM);
        Optional<Integer> quorum = Scalars.integer(quorumNode, field, problems);
        if (quorum.isEmpty()) {
            return defaults;
        }
        int n = quorum.get();
        if (n < 1 || (regions > 0 && n > regions)) {
            problems.add(field, n + " is not a number of watchers the plan can have: one watcher per region, so write a"
                    + " number from 1 to " + Math.max(1, regions) + " (the plan's regions), e.g. 2");
            return defaults;
        }
        return new WatchSettings(n);
    }
}
