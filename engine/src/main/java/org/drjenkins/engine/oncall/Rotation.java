package org.drjenkins.engine.oncall;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.drjenkins.engine.notify.Contact;

/**
 * The on-call rotation of the plan: shifts of {@code shiftLength} from {@code start} in {@code zone}; in shift n, each
 * layer's n-th person (cycling through the layer's list) is on call, unless an override says otherwise.
 *
 * <p>A shift length of whole days is counted in the zone's calendar, so a weekly shift that starts Monday 00:00 keeps
 * starting Monday 00:00 local time across daylight-saving changes (that week is 167 or 169 hours long); shorter
 * shifts are exact durations.
 *
 * @param zone        the rotation's time zone, e.g. {@code Europe/Berlin}
 * @param start       the first shift's start, in the zone's local time
 * @param shiftLength positive; the plan's is one week
 * @param people      everyone the rotation names, in file order
 * @param layers      per layer, who is on it shift after shift; a {@code null} entry is a shift with nobody (a gap)
 * @param overrides   in file order; a later override wins over an earlier one for the same layer
 */
public record Rotation(ZoneId zone, LocalDateTime start, Duration shiftLength, List<Contact> people,
        Map<Layer, List<Contact>> layers, List<RotationOverride> overrides) {

    public static final Duration DEFAULT_SHIFT = Duration.ofDays(7);
    private static final long NANOS_PER_DAY = Duration.ofDays(1).toNanos();

    public Rotation {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(start, "start");
        shiftLength = shiftLength == null ? DEFAULT_SHIFT : shiftLength;
        if (shiftLength.isNegative() || shiftLength.isZero()) {
            throw new IllegalArgumentException("shift length must be positive, got " + shiftLength);
        }
        people = List.copyOf(people);
        EnumMap<Layer, List<Contact>> copy = new EnumMap<>(Layer.class);
        // Collections.unmodifiableList keeps null entries: they are the gaps dr oncall --check reports.
        layers.forEach((layer, list) -> copy.put(layer, Collections.unmodifiableList(new ArrayList<>(list))));
        layers = Collections.unmodifiableMap(copy);
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
        if (layers.getOrDefault(Layer.PRIMARY, List.of()).isEmpty()) {
            throw new IllegalArgumentException("a rotation needs at least one entry on the primary layer");
        }
    }

    public Instant startInstant() {
        return start.atZone(zone).toInstant();
    }

    /** When shift {@code index} starts (index may be past the last planned cycle: the rotation repeats). */
    public Instant shiftStart(long index) {
        if (wholeDays()) {
            return start.plusDays(index * (shiftLength.toNanos() / NANOS_PER_DAY)).atZone(zone).toInstant();
        }
        return startInstant().plus(shiftLength.multipliedBy(index));
    }

    /** The scheduled shift (without overrides) that contains {@code at}; empty before the rotation starts. */
    public Optional<Shift> scheduledAt(Instant at) {
        long index = indexAt(at);
        return index < 0 ? Optional.empty() : Optional.of(scheduled(index));
    }

    /** Shift {@code index} as the lists schedule it, ignoring overrides. */
    public Shift scheduled(long index) {
        Map<Layer, Contact> onCall = new EnumMap<>(Layer.class);
        layers.forEach((layer, list) -> {
            if (!list.isEmpty()) {
                Contact person = list.get((int) Math.floorMod(index, (long) list.size()));
                if (person != null) {
                    onCall.put(layer, person);
                }
            }
        });
        return new Shift(index, shiftStart(index), shiftStart(index + 1), onCall);
    }

    /**
     * Who is on call at {@code at}, overrides applied. Before the rotation starts only overrides can put anyone on
     * call; the shift is then numbered -1 and ends at the rotation's start.
     */
    public Shift onCallAt(Instant at) {
        long index = indexAt(at);
        Shift base = index < 0 ? new Shift(-1, at, startInstant(), Map.of()) : scheduled(index);
        Map<Layer, Contact> onCall = new EnumMap<>(Layer.class);
        onCall.putAll(base.onCall());
        for (RotationOverride o : overrides) {
            if (o.covers(at)) {
                onCall.put(o.layer(), o.person());
            }
        }
        return new Shift(base.index(), base.start(), base.end(), onCall);
    }

    /** Who takes over at the end of the shift that contains {@code at}, overrides applied at that moment. */
    public Shift nextAfter(Instant at) {
        return onCallAt(onCallAt(at).end());
    }

    /** The person of that name, if the rotation names them. */
    public Optional<Contact> person(String name) {
        return people.stream().filter(p -> p.name().equalsIgnoreCase(name.strip())).findFirst();
    }

    /** The shift index containing {@code at}, -1 before the start. */
    long indexAt(Instant at) {
        Instant first = startInstant();
        if (at.isBefore(first)) {
            return -1;
        }
        // A first guess from the exact duration, corrected by at most a step or two for the hours DST adds or removes.
        long index = Duration.between(first, at).dividedBy(shiftLength);
        while (index > 0 && shiftStart(index).isAfter(at)) {
            index--;
        }
        while (!shiftStart(index + 1).isAfter(at)) {
            index++;
        }
        return index;
    }

    private boolean wholeDays() {
        return shiftLength.toNanos() % NANOS_PER_DAY == 0;
    }
}
