package org.drjenkins.engine.incident;

import java.time.Instant;
import java.util.Objects;

/** One line of an incident's timeline: the post-mortem draft is built from these. */
public record TimelineEntry(Instant at, String what) {

    public TimelineEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(what, "what");
    }
}
