package org.drjenkins.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.notify.Contact;
import org.drjenkins.engine.oncall.Layer;
import org.drjenkins.engine.oncall.Rotation;
import org.drjenkins.engine.oncall.RotationOverride;

/**
 * Reads {@code oncall:}, the rotation:
 * <pre>
 * oncall:
 *   zone: Europe/Berlin
 *   start: 2026-01-05T00:00        # local time in the zone; the first shift starts here
 *   shiftLength: 7d                # default one week
 *   people:
 *     - { name: Alice, email: alice@example.com }
 *   primary: [Alice, Carol]        # shift 1 Alice, shift 2 Carol, shift 3 Alice ...
 *   secondary: [Bob, Dan]
 *   escalation: [CTO, VP Engineering]
 *   overrides:
 *     - { person: Bob, layer: primary, from: 2026-01-07T09:00, to: 2026-01-08T09:00 }
 * </pre>
 * An entry written as {@code ~} is a shift with nobody on that layer: valid here, refused by {@code dr oncall --check}.
 */
public final class OncallReader {

    static final String FIELD = "oncall";
    private static final String PEOPLE = "people";
    private static final String OVERRIDES = "overrides";
    private static final AllowedKeys KEYS = new AllowedKeys("zone", "start", "shiftLength", PEOPLE, "primary",
            "secondary", "escalation", OVERRIDES);
    private static final AllowedKeys PERSON_KEYS = new AllowedKeys("name", "email");
    private static final AllowedKeys OVERRIDE_KEYS = new AllowedKeys("person", "layer", "from", "to");

    private OncallReader() {
    }

    /**
     * Reads the {@code oncall:} section of a YAML text alone (the plugin's configuration page holds it in its own
     * field). Empty text is no rotation.
     *
     * @throws ConfigException with every problem, each naming its field under {@code oncall}
     */
    public static Optional<Rotation> parse(String yamlText, String sourceName) {
        if (yamlText == null || yamlText.isBlank()) {
            return Optional.empty();
        }
        Problems problems = new Problems();
        JsonNode root;
        try {
            root = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(yamlText);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ConfigException(sourceName, List.of(new ConfigProblem("", "not valid YAML: " + e.getOriginalMessage())));
        }
        JsonNode node = root != null && root.has(FIELD) ? root.get(FIELD) : root;
        Optional<Rotation> rotation = read(node, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(sourceName, problems.list());
        }
        return rotation;
    }

    static Optional<Rotation> read(JsonNode node, Problems problems) {
        if (Scalars.absent(node)) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            problems.add(FIELD, "must be a mapping with zone, start, people, primary, secondary, escalation, not " + Scalars.kind(node));
            return Optional.empty();
        }
        int before = problems.count();
        KEYS.check(node, FIELD, problems);
        ZoneId zone = zone(node.get("zone"), problems);
        LocalDateTime start = null;
        if (Scalars.absent(node.get("start"))) {
            problems.add(Problems.field(FIELD, "start"), "is required: the first shift's start in the zone's local time, e.g. 2026-01-05T00:00");
        } else {
            start = dateTime(node.get("start"), Problems.field(FIELD, "start"), zone, problems)
                    .map(at -> LocalDateTime.ofInstant(at, zone)).orElse(null);
        }
        Duration shift = Scalars.positiveDurationOr(node, FIELD, "shiftLength", Rotation.DEFAULT_SHIFT, "7d", problems)
                .orElse(Rotation.DEFAULT_SHIFT);
        Map<String, Contact> people = people(node.get(PEOPLE), problems);
        Map<Layer, List<Contact>> layers = new EnumMap<>(Layer.class);
        for (Layer layer : Layer.values()) {
            JsonNode list = node.get(layer.yamlName());
            if (Scalars.absent(list)) {
                if (layer == Layer.PRIMARY) {
                    problems.add(Problems.field(FIELD, "primary"), "is required: the people on primary, shift after shift, e.g. [Alice, Carol]");
                }
                continue;
            }
            layers.put(layer, layer(list, Problems.field(FIELD, layer.yamlName()), people, problems));
        }
        List<RotationOverride> overrides = overrides(node.get(OVERRIDES), people, zone, problems);
        if (problems.count() > before || start == null) {
            return Optional.empty();
        }
        return Optional.of(new Rotation(zone, start, shift, List.copyOf(people.values()), layers, overrides));
    }

    private static ZoneId zone(JsonNode node, Problems problems) {
        String field = Problems.field(FIELD, "zone");
        if (Scalars.absent(node)) {
            return java.time.ZoneOffset.UTC;
        }
        Optional<String> text = Scalars.text(node, field, problems);
        if (text.isEmpty()) {
            return java.time.ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(text.get().strip());
        } catch (DateTimeException e) {
            problems.add(field, Scalars.show(node) + " is not a time zone; write a zone id such as Europe/Berlin, America/New_York or UTC");
            return java.time.ZoneOffset.UTC;
        }
    }

    /** {@code 2026-01-05T00:00} in the zone, or with an offset {@code 2026-01-05T00:00+01:00}. */
    static Optional<Instant> dateTime(JsonNode node, String field, ZoneId zone, Problems problems) {
        Optional<String> text = Scalars.text(node, field, problems);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String value = text.get().strip().replace(' ', 'T');
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException notWithOffset) {
            try {
                return Optional.of(LocalDateTime.parse(value).atZone(zone).toInstant());
            } catch (DateTimeParseException e) {
                problems.add(field, Scalars.show(node) + " is not a date and time; write it as 2026-01-05T00:00 (the rotation's zone) "
                        + "or 2026-01-05T00:00+01:00");
                return Optional.empty();
            }
        }
    }

    private static Map<String, Contact> people(JsonNode node, Problems problems) {
        Map<String, Contact> people = new LinkedHashMap<>();
        String field = Problems.field(FIELD, PEOPLE);
        if (Scalars.absent(node)) {
            problems.add(field, "is required: the list of people on call, e.g. - { name: Alice, email: alice@example.com }");
            return people;
        }
        if (!node.isArray()) {
            problems.add(field, "must be a list of { name, email }, not " + Scalars.kind(node));
            return people;
        }
        for (int i = 0; i < node.size(); i++) {
            String at = Problems.element(field, i);
            JsonNode person = node.get(i);
            String name;
            String email = null;
            if (person.isObject()) {
                PERSON_KEYS.check(person, at, problems);
                if (Scalars.absent(person.get("name"))) {
                    problems.add(Problems.field(at, "name"), "is required: the person's name as the layers write it");
                    continue;
                }
                name = Scalars.text(person.get("name"), Problems.field(at, "name"), problems).orElse(null);
                if (!Scalars.absent(person.get("email"))) {
                    email = Scalars.text(person.get("email"), Problems.field(at, "email"), problems).orElse(null);
                    if (email != null && !email.matches("[^@\\s]+@[^@\\s]+")) {
                        problems.add(Problems.field(at, "email"), Scalars.show(person.get("email")) + " is not an email address; write it as name@example.com");
                    }
                }
            } else {
                name = Scalars.text(person, at, problems).orElse(null);
            }
            if (name == null || name.isBlank()) {
                continue;
            }
            String key = name.strip().toLowerCase(Locale.ROOT);
            if (people.containsKey(key)) {
                problems.add(Problems.field(at, "name"), "\"" + name.strip() + "\" is listed twice; list each person once");
                continue;
            }
            people.put(key, new Contact(name.strip(), email));
        }
        return people;
    }

    private static List<Contact> layer(JsonNode node, String field, Map<String, Contact> people, Problems problems) {
        List<Contact> list = new ArrayList<>();
        if (!node.isArray()) {
            problems.add(field, "must be a list of names from oncall.people, one per shift, e.g. [Alice, Carol], not " + Scalars.kind(node));
            return list;
        }
        if (node.isEmpty()) {
            problems.add(field, "is empty; list the people on this layer, one per shift, or leave the key out");
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode entry = node.get(i);
            if (Scalars.absent(entry)) {
                list.add(null);
                continue;
            }
            person(entry, Problems.element(field, i), people, problems).ifPresent(list::add);
        }
        return list;
    }

    private static Optional<Contact> person(JsonNode node, String field, Map<String, Contact> people, Problems problems) {
        Optional<String> name = Scalars.text(node, field, problems);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Contact contact = people.get(name.get().strip().toLowerCase(Locale.ROOT));
        if (contact == null) {
            problems.add(field, Scalars.show(node) + " is not in oncall.people; add { name: " + name.get().strip()
                    + ", email: ... } there or use one of " + people.values().stream().map(Contact::name).toList());
            return Optional.empty();
        }
        return Optional.of(contact);
    }

    private static List<RotationOverride> overrides(JsonNode node, Map<String, Contact> people, ZoneId zone, Problems problems) {
        List<RotationOverride> overrides = new ArrayList<>();
        String field = Problems.field(FIELD, OVERRIDES);
        if (Scalars.absent(node)) {
            return overrides;
        }
        if (!node.isArray()) {
            problems.add(field, "must be a list of { person, layer, from, to }, not " + Scalars.kind(node));
            return overrides;
        }
        for (int i = 0; i < node.size(); i++) {
            String at = Problems.element(field, i);
            JsonNode o = node.get(i);
            if (!o.isObject()) {
                problems.add(at, "must be a mapping { person, layer, from, to }, not " + Scalars.kind(o));
                continue;
            }
            OVERRIDE_KEYS.check(o, at, problems);
            int before = problems.count();
            Optional<Contact> person = required(o, at, "person", "a name from oncall.people", problems)
                    .flatMap(p -> person(p, Problems.field(at, "person"), people, problems));
            Optional<Layer> layer = required(o, at, "layer", "primary, secondary or escalation", problems)
                    .flatMap(l -> Scalars.text(l, Problems.field(at, "layer"), problems).flatMap(text -> {
                        Optional<Layer> found = Layer.fromYaml(text);
                        if (found.isEmpty()) {
                            problems.add(Problems.field(at, "layer"), Scalars.show(l) + " is not a layer; write primary, secondary or escalation");
                        }
                        return found;
                    }));
            Optional<Instant> from = required(o, at, "from", "a date and time such as 2026-01-07T09:00", problems)
                    .flatMap(f -> dateTime(f, Problems.field(at, "from"), zone, problems));
            Optional<Instant> to = required(o, at, "to", "a date and time such as 2026-01-08T09:00", problems)
                    .flatMap(t -> dateTime(t, Problems.field(at, "to"), zone, problems));
            if (from.isPresent() && to.isPresent() && !to.get().isAfter(from.get())) {
                problems.add(Problems.field(at, "to"), "is not after from; an override ends after it starts");
            }
            if (problems.count() == before) {
                overrides.add(new RotationOverride(person.get(), layer.get(), from.get(), to.get()));
            }
        }
        return overrides;
    }

    private static Optional<JsonNode> required(JsonNode node, String at, String key, String what, Problems problems) {
        JsonNode value = node.get(key);
        if (Scalars.absent(value)) {
            problems.add(Problems.field(at, key), "is required: " + what);
            return Optional.empty();
        }
        return Optional.of(value);
    }
}
