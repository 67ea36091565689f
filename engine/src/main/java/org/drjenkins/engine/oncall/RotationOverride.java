package org.drjenkins.engine.oncall;

import java.time.Instant;
import java.util.Objects;
import org.drjenkins.engine.notify.Contact;

/**
 * Someone standing in on one layer for a while (a swap, a holiday): from {@code from} inclusive to {@code to}
 * exclusive, {@code person} is on {@code layer} whoever the rotation schedules.
 */
public record RotationOverride(Contact person, Layer layer, Instant from, Instant to) {

    public RotationOverride {
        Objects.requireNonNull(person, "person");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("an override must end after it starts: " + from + " .. " + to);
        }
    }

    public boolean covers(Instant at) {
        return !at.isBefore(from) && at.isBefore(to);
    }
}
