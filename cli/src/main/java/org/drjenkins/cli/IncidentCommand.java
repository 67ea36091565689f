package org.drjenkins.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Durations;
import org.drjenkins.engine.config.IncidentEvent;
import org.drjenkins.engine.failover.EvidenceJson;
import org.drjenkins.engine.incident.IncidentRecord;
import org.drjenkins.engine.incident.IncidentRequest;
import org.drjenkins.engine.incident.Page;
import org.drjenkins.engine.incident.TimelineEntry;
import org.drjenkins.engine.notify.IncidentStatus;
import org.drjenkins.engine.notify.Severity;
import org.drjenkins.engine.util.InvalidRequestException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "incident", header = "Work an incident by hand: open, update, ack, resolve, status (the plan's template and protocol).",
        mixinStandardHelpOptions = true,
        description = {"The incident engine that dr watch uses, by hand. State is in incidents/<ID>/ of the primary region's",
                "bucket, so an acknowledgement here stops the escalation a running dr watch would send. Every command",
                "also does what is due (escalations, customer email, executive updates), like 'dr incident tick'.", "",
                "Exit codes: 0 done, 1 failed, 2 bad input (unknown incident, bad option)."},
        subcommands = {IncidentCommand.Open.class, IncidentCommand.Update.class, IncidentCommand.Ack.class,
                IncidentCommand.Resolve.class, IncidentCommand.Status.class, IncidentCommand.Tick.class, IncidentListenCommand.class})
final class IncidentCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: open, update, ack, resolve, status, tick or listen");
    }

    /** What every subcommand shares: the plan, the engine, printing. */
    abstract static class Base implements Callable<Integer> {

        @Mixin
        ConfigOptions config;

        @Option(names = "--json", description = "Print the incident as JSON on stdout.")
        boolean json;

        @Spec
        CommandSpec spec;

        abstract IncidentRecord work(org.drjenkins.engine.incident.IncidentEngine engine);

        @Override
        public Integer call() {
            DrConfig plan = config.load();
            StderrProgress progress = new StderrProgress(System.err, false);
            IncidentRecord record;
            try (IncidentTools tools = new IncidentTools(plan, progress)) {
                record = work(tools.engine());
                tools.engine().tick();
                record = tools.engine().find(record.id()).orElse(record);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(EvidenceJson.text(toJson(record)));
            } else {
                print(out, record);
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "open", header = "Open an incident: initial alert, page the on-call by severity, executive update.", mixinStandardHelpOptions = true)
    static final class Open extends Base {

        @Option(names = "--description", required = true, paramLabel = "TEXT", description = "The brief description of the title.")
        String description;

        @Option(names = "--event", paramLabel = "EVENT", defaultValue = "manual",
                description = "What happened, for its configured severity: ${COMPLETION-CANDIDATES}. Default: manual.",
                completionCandidates = Events.class)
        String event;

        @Option(names = "--severity", paramLabel = "SEVERITY", description = "critical, high, medium or info; overrides the event's.")
        String severity;

        @Option(names = "--impact", paramLabel = "TEXT", description = "The template's impact, e.g. \"~120 users affected / ~100% of traffic impacted\".")
        String impact;

        @Option(names = "--drill", description = "Mark every notice as a drill.")
        boolean drill;

        @Override
        IncidentRecord work(org.drjenkins.engine.incident.IncidentEngine engine) {
            IncidentEvent chosen = IncidentEvent.fromYaml(event).orElseThrow(() -> new InvalidRequestException("--event " + event
                    + ": no such event; use one of " + IncidentEvent.allowed()));
            IncidentRequest request = IncidentRequest.of(chosen, description).impact(impact);
            if (severity != null) {
                request = request.severity(severity(severity));
            }
            return engine.open(drill ? request.asDrill() : request);
        }
    }

    @Command(name = "update", header = "Post an update in the template (status, impact, what is being done).", mixinStandardHelpOptions = true)
    static final class Update extends Base {

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--status", paramLabel = "STATUS", description = "INVESTIGATING or MITIGATING (resolve with dr incident resolve).")
        IncidentStatus status;

        @Option(names = "--text", paramLabel = "TEXT", description = "What is known and being done.")
        String text;

        @Option(names = "--impact", paramLabel = "TEXT", description = "The impact now.")
        String impact;

        @Override
        IncidentRecord work(org.drjenkins.engine.incident.IncidentEngine engine) {
            return engine.update(id, status, text, impact);
        }
    }

    @Command(name = "ack", header = "Acknowledge: stops the escalation to the next layer.", mixinStandardHelpOptions = true)
    static final class Ack extends Base {

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--by", paramLabel = "NAME", description = "Who acknowledges. Default: $USER.")
        String by;

        @Override
        IncidentRecord work(org.drjenkins.engine.incident.IncidentEngine engine) {
            return engine.acknowledge(id, by != null ? by : System.getenv().getOrDefault("USER", "someone"));
        }
    }

    @Command(name = "resolve", header = "Resolve: tells every audience, writes the post-mortem draft, sends its reminder.", mixinStandardHelpOptions = true)
    static final class Resolve extends Base {

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--summary", paramLabel = "TEXT", description = "What ended it.")
        String summary;

        @Option(names = "--rto-seconds", paramLabel = "SECONDS", description = "Measured RTO, for the post-mortem draft.")
        Double rto;

        @Option(names = "--rpo-seconds", paramLabel = "SECONDS", description = "Measured RPO, for the post-mortem draft.")
        Double rpo;

        @Override
        IncidentRecord work(org.drjenkins.engine.incident.IncidentEngine engine) {
            Map<String, String> facts = new LinkedHashMap<>();
            if (rto != null) {
                facts.put("rtoSeconds", number(rto));
            }
            if (rpo != null) {
                facts.put("rpoSeconds", number(rpo));
            }
            return engine.resolve(id, summary, facts);
        }
    }

    @Command(name = "status", header = "Show an incident, or list the unresolved ones.", mixinStandardHelpOptions = true)
    static final class Status implements Callable<Integer> {

        @Mixin
        ConfigOptions config;

        @Parameters(index = "0", arity = "0..1", paramLabel = "ID")
        String id;

        @Option(names = "--all", description = "List resolved incidents too.")
        boolean all;

        @Option(names = "--json", description = "Print as JSON on stdout.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            DrConfig plan = config.load();
            StderrProgress progress = new StderrProgress(System.err, false);
            List<IncidentRecord> records;
            try (IncidentTools tools = new IncidentTools(plan, progress)) {
                if (id != null) {
                    records = List.of(tools.engine().find(id).orElseThrow(() -> new InvalidRequestException("no incident " + id
                            + " in the primary region's bucket; dr incident status lists the incidents")));
                } else {
                    records = all ? tools.engine().all() : tools.engine().unresolved();
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(EvidenceJson.text(records.stream().map(IncidentCommand::toJson).toList()));
            } else if (id != null) {
                print(out, records.get(0));
            } else if (records.isEmpty()) {
                out.println(all ? "no incidents" : "no unresolved incidents");
            } else {
                records.forEach(r -> out.printf("%s  %-8s %-13s %s%s%n", r.id(), r.severity().yamlName(), r.status(),
                        r.drill() ? "DRILL: " : "", r.description()
                        + r.acknowledgedBy().map(by -> " (acknowledged by " + by + ")").orElse(" (not acknowledged)")));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "tick", header = "Do what is due now (escalations, customer email, executive updates), e.g. from cron.", mixinStandardHelpOptions = true)
    static final class Tick implements Callable<Integer> {

        @Mixin
        ConfigOptions config;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            DrConfig plan = config.load();
            StderrProgress progress = new StderrProgress(System.err, false);
            try (IncidentTools tools = new IncidentTools(plan, progress)) {
                List<IncidentRecord> changed = tools.engine().tick();
                spec.commandLine().getOut().println(changed.size() + " incident(s) had something due");
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }

    static final class Events extends ArrayList<String> {
        Events() {
            for (IncidentEvent e : IncidentEvent.values()) {
                add(e.yamlName());
            }
        }
    }

    static Severity severity(String text) {
        for (Severity s : Severity.values()) {
            if (s.yamlName().equalsIgnoreCase(text.strip())) {
                return s;
            }
        }
        throw new InvalidRequestException("--severity " + text + ": not a severity; use critical, high, medium or info");
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    static void print(PrintWriter out, IncidentRecord r) {
        out.println(r.id() + "  " + (r.drill() ? "DRILL " : "") + r.severity().yamlName() + "  " + r.status());
        out.println("  [INCIDENT] " + r.service() + " - " + r.description());
        out.println("  opened " + r.openedAt() + r.acknowledgedAt().map(at -> ", acknowledged by " + r.acknowledgedBy().orElse("?")
                + " after " + Durations.format(Duration.between(r.openedAt(), at))).orElse(", not acknowledged"));
        r.nextEscalationAt().ifPresent(at -> out.println("  escalates to " + r.nextLayer().map(l -> l.yamlName()).orElse("?") + " at " + at));
        r.nextExecutiveUpdateAt().ifPresent(at -> out.println("  next executive update " + at));
        r.postMortemDueAt().ifPresent(at -> out.println("  post-mortem due " + at + " (draft: incidents/" + r.id() + "/postmortem.md)"));
        for (TimelineEntry e : r.timeline()) {
            out.println("    " + e.at() + "  " + e.what());
        }
    }

    static Map<String, Object> toJson(IncidentRecord r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", r.id());
        json.put("severity", r.severity().yamlName());
        json.put("event", r.event().yamlName());
        json.put("status", r.status().name());
        json.put("drill", r.drill());
        json.put("description", r.description());
        json.put("openedAt", r.openedAt().toString());
        json.put("acknowledgedBy", r.acknowledgedBy().orElse(null));
        json.put("acknowledgedAt", r.acknowledgedAt().map(Instant::toString).orElse(null));
        json.put("resolvedAt", r.resolvedAt().map(Instant::toString).orElse(null));
        json.put("nextEscalationAt", r.nextEscalationAt().map(Instant::toString).orElse(null));
        List<Map<String, Object>> pages = new ArrayList<>();
        for (Page p : r.pages()) {
            pages.add(Map.of("at", p.at().toString(), "layer", p.layer().yamlName(), "person", p.person().name()));
        }
        json.put("pages", pages);
        json.put("timeline", r.timeline().stream().map(e -> Map.of("at", e.at().toString(), "what", e.what())).toList());
        return json;
    }
}
