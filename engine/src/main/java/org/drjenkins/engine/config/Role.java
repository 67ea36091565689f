package org.drjenkins.engine.config;

/** A region's place in the failover order. Exactly one region is the primary. */
public enum Role {
    PRIMARY, SECONDARY, TERTIARY;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
