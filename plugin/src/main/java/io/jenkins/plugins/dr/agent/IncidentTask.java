package io.jenkins.plugins.dr.agent;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.drjenkins.engine.config.IncidentEvent;
import org.drjenkins.engine.incident.ConfiguredNotices;
import org.drjenkins.engine.incident.IncidentEngine;
import org.drjenkins.engine.incident.IncidentRecord;
import org.drjenkins.engine.incident.IncidentRequest;
import org.drjenkins.engine.incident.IncidentStore;
import org.drjenkins.engine.notify.IncidentStatus;
import org.drjenkins.engine.notify.Severity;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.util.InvalidRequestException;

/**
 * drIncident on the agent: the incident engine exactly as {@code dr incident} runs it (state in the primary region's
 * bucket, notices to the plan's channels), one of open, ack, update, resolve or status, then whatever is due (the
 * escalations and updates {@code dr incident tick} would send). Returns the incident as a map, or for a status
 * without an id {@code [incidents: [...]]}, the unresolved ones.
 */
public final class IncidentTask extends PlanTask {
    private static final long serialVersionUID = 1L;
    public static final String STEP = "drIncident";
    public static final List<String> ACTIONS = List.of("open", "ack", "update", "resolve", "status");

    /** What the step was asked, as data for the agent. */
    public record Request(String action, String id, String description, String event, String severity, String impact,
            String status, String text, String by, String summary, boolean drill) implements java.io.Serializable {
    }

    private final Request request;

    public IncidentTask(RunConfiguration configuration, AgentSecrets secrets, Request request) {
        super(STEP, configuration, secrets);
        this.request = request;
    }

    @Override
    protected AgentResult work(PlanRun run) throws StepFailure, InterruptedException {
        Map<String, Object> value;
        try (ObjectStore bucket = run.stores().open(run.config().primary());
                ConfiguredNotices notices = ConfiguredNotices.forPlan(run.config().notifications(), run.environment(),
                        run.progress())) {
            IncidentEngine engine = IncidentEngine.from(run.config(), new IncidentStore(bucket), notices, Clock.systemUTC());
            if (request.action().equals("status") && request.id() == null) {
                List<Map<String, Object>> open = new ArrayList<>();
                engine.unresolved().forEach(r -> open.add(toMap(r)));
                run.println(open.size() + " unresolved incident(s)");
                value = new LinkedHashMap<>();
                value.put("incidents", open);
            } else {
                IncidentRecord record = work(engine);
                engine.tick();
                record = engine.find(record.id()).orElse(record);
                run.println(record.id() + " " + record.severity().yamlName() + " " + record.status()
                        + record.acknowledgedBy().map(by -> ", acknowledged by " + by).orElse(", not acknowledged")
                        + ": [INCIDENT] " + record.service() + " - " + record.description());
                value = toMap(record);
            }
        } catch (RuntimeException e) {
            throw run.failure(e, null);
        }
        return new AgentResult(value, List.of(), null);
    }

    private IncidentRecord work(IncidentEngine engine) {
        return switch (request.action()) {
            case "open" -> {
                IncidentEvent event = request.event() == null ? IncidentEvent.MANUAL : IncidentEvent.fromYaml(request.event())
                        .orElseThrow(() -> new InvalidRequestException(STEP + ": event: '" + request.event() + "' is not an event; use one of "
                                + IncidentEvent.allowed()));
                IncidentRequest open = IncidentRequest.of(event, request.description()).impact(request.impact());
                if (request.severity() != null) {
                    open = open.severity(severity(request.severity()));
                }
                yield engine.open(request.drill() ? open.asDrill() : open);
            }
            case "ack" -> engine.acknowledge(request.id(), request.by());
            case "update" -> engine.update(request.id(), status(request.status()), request.text(), request.impact());
            case "resolve" -> engine.resolve(request.id(), request.summary(), Map.of());
            case "status" -> engine.find(request.id()).orElseThrow(() -> new InvalidRequestException(STEP + ": id: no incident "
                    + request.id() + " in the primary region's bucket; drIncident(action: 'status') lists the unresolved ones"));
            default -> throw new InvalidRequestException(STEP + ": action: '" + request.action() + "' is not one of " + ACTIONS);
        };
    }

    /** The engine's severity names: critical, high, medium, info. */
    public static Severity severity(String text) {
        for (Severity s : Severity.values()) {
            if (s.yamlName().equalsIgnoreCase(text.strip())) {
                return s;
            }
        }
        throw new InvalidRequestException(STEP + ": severity: '" + text + "' is not a severity; use critical, high, medium or info");
    }

    private static IncidentStatus status(String text) {
        if (text == null) {
            return null;
        }
        try {
            return IncidentStatus.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(STEP + ": status: '" + text + "' is not a status; use INVESTIGATING or MITIGATING"
                    + " (resolve with action: 'resolve')");
        }
    }

    private static Map<String, Object> toMap(IncidentRecord r) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", r.id());
        map.put("severity", r.severity().yamlName());
        map.put("event", r.event().yamlName());
        map.put("status", r.status().name());
        map.put("drill", r.drill());
        map.put("description", r.description());
        map.put("openedAt", r.openedAt().toString());
        map.put("acknowledgedBy", r.acknowledgedBy().orElse(null));
        map.put("acknowledgedAt", r.acknowledgedAt().map(Instant::toString).orElse(null));
        map.put("resolvedAt", r.resolvedAt().map(Instant::toString).orElse(null));
        map.put("nextEscalationAt", r.nextEscalationAt().map(Instant::toString).orElse(null));
        return map;
    }
}
