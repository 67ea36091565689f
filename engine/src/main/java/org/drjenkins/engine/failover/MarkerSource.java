package org.drjenkins.engine.failover;

import java.util.Optional;

/** Markers known to be committed on the old primary (from a {@link MarkerWriter}), to measure the data a failover lost. */
public interface MarkerSource {

    /** The last marker whose commit the old primary confirmed. */
    Optional<Marker> lastCommitted();

    /** The first one: when no marker reached the new primary, the loss spans back to it. */
    Optional<Marker> firstCommitted();
}
