package org.drjenkins.engine.oncall;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.drjenkins.engine.notify.Contact;

/**
 * What {@code dr oncall --check} refuses: a shift with nobody on a layer the rotation staffs (a gap), a rotation that
 * has not started yet (nobody is on call now), and a person on two layers of the same shift (a page escalated from
 * them would reach them again). Overrides are checked at every moment they change who is on call.
 */
public final class RotationCheck {

    /** Ten years of weekly shifts: enough for any real cycle, bounded for a pathological one. */
    private static final long MAX_CYCLE = 520;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

    private RotationCheck() {
    }

    /** Every problem, empty when the rotation always has someone on each layer and nobody twice. */
    public static List<String> problems(Rotation rotation, Instant now) {
        Set<String> problems = new LinkedHashSet<>();
        if (now.isBefore(rotation.startInstant())) {
            problems.add("gap: nobody is on call before the rotation starts at " + show(rotation, rotation.startInstant())
                    + "; move oncall.start to or before now, or add an override until then");
        }
        long cycle = cycle(rotation);
        for (long index = 0; index < cycle; index++) {
            Shift shift = rotation.scheduled(index);
            for (Map.Entry<Layer, List<Contact>> layer : rotation.layers().entrySet()) {
                if (!layer.getValue().isEmpty() && shift.who(layer.getKey()).isEmpty() && !coveredByOverrides(rotation, shift, layer.getKey())) {
                    problems.add("gap: nobody is on " + layer.getKey().yamlName() + " in shift " + shift.number()
                            + " (" + span(rotation, shift) + "); put a person in oncall." + layer.getKey().yamlName()
                            + " entry " + (Math.floorMod(index, (long) layer.getValue().size()) + 1));
                }
            }
            twice(rotation, shift, "in shift " + shift.number() + " (" + span(rotation, shift) + ")", problems);
        }
        for (Instant change : overrideChanges(rotation)) {
            Shift atChange = rotation.onCallAt(change);
            twice(rotation, atChange, "at " + show(rotation, change) + " (with the overrides then)", problems);
        }
        return List.copyOf(problems);
    }

    /** How many shifts until every layer's list lines up with its start again: the least common multiple, bounded. */
    static long cycle(Rotation rotation) {
        long cycle = 1;
        for (List<Contact> list : rotation.layers().values()) {
            if (!list.isEmpty()) {
                cycle = lcm(cycle, list.size());
                if (cycle > MAX_CYCLE) {
                    return MAX_CYCLE;
                }
            }
        }
        return cycle;
    }

    private static void twice(Rotation rotation, Shift shift, String when, Set<String> problems) {
        Map<Layer, Contact> onCall = shift.onCall();
        for (Layer a : Layer.values()) {
            for (Layer b : Layer.values()) {
                if (a.ordinal() < b.ordinal() && onCall.containsKey(a) && onCall.containsKey(b)
                        && onCall.get(a).name().equalsIgnoreCase(onCall.get(b).name())) {
                    problems.add(onCall.get(a).name() + " is on both " + a.yamlName() + " and " + b.yamlName() + " " + when
                            + "; an escalation from one would page the same person again: put someone else on " + b.yamlName());
                }
            }
        }
    }

    /** A gap an override fills for the whole shift is no gap. */
    private static boolean coveredByOverrides(Rotation rotation, Shift shift, Layer layer) {
        Instant at = shift.start();
        while (at.isBefore(shift.end())) {
            Instant current = at;
            Instant coveredUntil = rotation.overrides().stream().filter(o -> o.layer() == layer && o.covers(current))
                    .map(RotationOverride::to).max(Instant::compareTo).orElse(null);
            if (coveredUntil == null) {
                return false;
            }
            at = coveredUntil;
        }
        return true;
    }

    private static Set<Instant> overrideChanges(Rotation rotation) {
        Set<Instant> changes = new TreeSet<>();
        for (RotationOverride o : rotation.overrides()) {
            changes.add(o.from());
            // Shift boundaries inside an override change who is on the other layers.
            long index = Math.max(0, rotation.indexAt(o.from()));
            for (Instant boundary = rotation.shiftStart(index + 1); boundary.isBefore(o.to()) && changes.size() < 10_000;
                    boundary = rotation.shiftStart(++index + 1)) {
                changes.add(boundary);
            }
        }
        return changes;
    }

    private static String span(Rotation rotation, Shift shift) {
        return show(rotation, shift.start()) + " to " + show(rotation, shift.end());
    }

    static String show(Rotation rotation, Instant at) {
        return ZonedDateTime.ofInstant(at, rotation.zone()).format(WHEN);
    }

    private static long lcm(long a, long b) {
        long x = a;
        long y = b;
        while (y != 0) {
            long t = y;
            y = x % y;
            x = t;
        }
        return a / x * b;
    }
}
