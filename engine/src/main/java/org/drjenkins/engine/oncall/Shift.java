package org.drjenkins.engine.oncall;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.notify.Contact;

/**
 * Who is on call during one shift of the rotation.
 *
 * @param index   0 for the rotation's first shift
 * @param start   inclusive
 * @param end     exclusive: the next shift's start
 * @param onCall  per layer; a layer without an entry has nobody (a gap)
 */
public record Shift(long index, Instant start, Instant end, Map<Layer, Contact> onCall) {

    public Shift {
        EnumMap<Layer, Contact> copy = new EnumMap<>(Layer.class);
        copy.putAll(onCall);
        onCall = Collections.unmodifiableMap(copy);
    }

    public Optional<Contact> who(Layer layer) {
        return Optional.ofNullable(onCall.get(layer));
    }

    /** The week number people talk about: the first shift is shift 1. */
    public long number() {
        return index + 1;
    }
}
