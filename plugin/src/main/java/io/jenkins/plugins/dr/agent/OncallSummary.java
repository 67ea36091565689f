package io.jenkins.plugins.dr.agent;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.drjenkins.engine.notify.Contact;
import org.drjenkins.engine.oncall.Layer;
import org.drjenkins.engine.oncall.Rotation;
import org.drjenkins.engine.oncall.Shift;

/**
 * Who the engine's rotation has on call at a moment and at the next handover, in one line for the configuration page
 * (what {@code dr oncall} prints). Here because it reads the engine's contacts, a type only the agent side may use.
 */
public final class OncallSummary {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

    private OncallSummary() {
    }

    public static String describe(Rotation rotation, Instant now) {
        Shift current = rotation.onCallAt(now);
        Shift next = rotation.nextAfter(now);
        return "On call now, shift " + current.number() + " until " + show(rotation, current.end()) + ": "
                + layers(current) + ". Next, shift " + next.number() + " from " + show(rotation, current.end()) + ": "
                + layers(next) + ".";
    }

    private static String layers(Shift shift) {
        List<String> parts = new ArrayList<>();
        for (Layer layer : Layer.values()) {
            parts.add(layer.yamlName() + " " + shift.who(layer).map(Contact::name).orElse("nobody"));
        }
        return String.join(", ", parts);
    }

    private static String show(Rotation rotation, Instant at) {
        return ZonedDateTime.ofInstant(at, rotation.zone()).format(WHEN);
    }
}
