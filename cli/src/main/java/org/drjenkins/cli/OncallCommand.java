package org.drjenkins.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.failover.EvidenceJson;
import org.drjenkins.engine.notify.Contact;
import org.drjenkins.engine.oncall.Layer;
import org.drjenkins.engine.oncall.Rotation;
import org.drjenkins.engine.oncall.RotationCheck;
import org.drjenkins.engine.oncall.Shift;
import org.drjenkins.engine.util.InvalidRequestException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "oncall", header = "Who is on call now and next, per layer; --check refuses a rotation with gaps.", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Print who is on call (primary, secondary, escalation) at a moment, default now, and who takes over",
                "at the next handover, from the oncall: rotation of dr.yaml with its overrides.",
                "--check refuses a rotation with a gap (a shift with nobody on a layer, or one that has not started) or a",
                "person on two layers of the same shift.", "",
                "Exit codes: 0 printed (or the check passed), 1 the check found problems, 2 bad input or no rotation."})
final class OncallCommand implements Callable<Integer> {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

    @Mixin
    ConfigOptions config;

    @Option(names = "--at", paramLabel = "TIME", description = "The moment: 2026-01-11T23:59 (the rotation's zone), "
            + "2026-01-11T23:59+01:00 or 2026-01-11T22:59:00Z. Default: now.")
    String at;

    @Option(names = "--check", description = "Check the rotation instead: gaps, a person on two layers of one shift.")
    boolean check;

    @Option(names = "--json", description = "Print as JSON on stdout.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DrConfig plan = config.load();
        Rotation rotation = plan.rotation().orElseThrow(() -> new InvalidRequestException(
                "no oncall: rotation in " + config.file + "; add one (see docs/configuration.md, oncall)"));
        Instant moment = at == null ? Clock.systemUTC().instant() : parse("--at", at, rotation.zone());
        PrintWriter out = spec.commandLine().getOut();
        if (check) {
            List<String> problems = RotationCheck.problems(rotation, moment);
            if (json) {
                out.println(EvidenceJson.text(Map.of("ok", problems.isEmpty(), "problems", problems)));
            } else if (problems.isEmpty()) {
                out.println("rotation OK: someone on every layer of every shift, nobody on two layers at once");
            } else {
                out.println("rotation REFUSED:");
                problems.forEach(p -> out.println("  " + p));
            }
            out.flush();
            return problems.isEmpty() ? 0 : 1;
        }
        Shift now = rotation.onCallAt(moment);
        Shift next = rotation.nextAfter(moment);
        if (json) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("at", moment.toString());
            body.put("now", shiftJson(now));
            body.put("next", shiftJson(next));
            out.println(EvidenceJson.text(body));
        } else {
            out.println("on call at " + show(rotation, moment) + describe(rotation, now) + ":");
            print(out, now);
            out.println("next, from " + show(rotation, now.end()) + describe(rotation, next) + ":");
            print(out, next);
        }
        out.flush();
        return 0;
    }

    private static String describe(Rotation rotation, Shift shift) {
        return shift.index() < 0 ? " (before the rotation starts)" : " (shift " + shift.number() + ", until " + show(rotation, shift.end()) + ")";
    }

    private static void print(PrintWriter out, Shift shift) {
        for (Layer layer : Layer.values()) {
            out.printf("  %-11s %s%n", layer.yamlName(), shift.who(layer).map(OncallCommand::person).orElse("nobody"));
        }
    }

    private static String person(Contact c) {
        return c.name() + (c.email() == null ? "" : " <" + c.email() + ">");
    }

    private static Map<String, Object> shiftJson(Shift shift) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("shift", shift.number());
        json.put("start", shift.start().toString());
        json.put("end", shift.end().toString());
        for (Layer layer : Layer.values()) {
            json.put(layer.yamlName(), shift.who(layer).map(Contact::name).orElse(null));
        }
        return json;
    }

    static String show(Rotation rotation, Instant at) {
        return ZonedDateTime.ofInstant(at, rotation.zone()).format(WHEN);
    }

    /** An instant, a date-time with offset, or a local date-time in {@code zone}. */
    static Instant parse(String option, String text, ZoneId zone) {
        String value = text.strip().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(value).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidRequestException(option + " " + text + ": not a date and time; write 2026-01-11T23:59 (the "
                        + "rotation's zone " + zone + "), 2026-01-11T23:59+01:00 or 2026-01-11T22:59:00Z");
            }
        }
    }
}
