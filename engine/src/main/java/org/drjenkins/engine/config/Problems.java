package org.drjenkins.engine.config;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem of one configuration, so that the user sees them all at once instead of one per attempt. */
final class Problems {

    private final List<ConfigProblem> found = new ArrayList<>();

    void add(String field, String message) {
        found.add(new ConfigProblem(field, message));
    }

    /** How many so far: a reader compares counts to know whether the part it just read was clean. */
    int count() {
        return found.size();
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    List<ConfigProblem> list() {
        return List.copyOf(found);
    }

    /** {@code parent.key}, or just {@code key} at the top level. */
    static String field(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** {@code parent[index]}. */
    static String element(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
