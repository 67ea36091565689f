package org.drjenkins.engine.config;

/**
 * How {@code dr watch} decides ({@code watch:} in dr.yaml).
 *
 * @param quorum how many watchers, each in a different region, must see the primary down for the failover threshold
 *               before one of them fails over: 1 (the default) lets a single watcher act on what it sees; 2 or more
 *               keep a watcher cut off from the primary by a network partition from failing over a healthy primary
 */
public record WatchSettings(int quorum) {

    public WatchSettings {
        if (quorum < 1) {
            throw new IllegalArgumentException("watch.quorum must be at least 1, got " + quorum);
        }
    }

    /** One watcher decides alone, as before quorums existed. */
    public static WatchSettings defaults() {
        return new WatchSettings(1);
    }
}
