package org.drjenkins.engine.paging;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.drjenkins.engine.backup.BackupResult;
import org.drjenkins.engine.compliance.ComplianceReport;
import org.drjenkins.engine.compliance.ComponentCompliance;
import org.drjenkins.engine.compliance.Verdict;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.IncidentEvent;
import org.drjenkins.engine.drill.DrillReport;
import org.drjenkins.engine.drill.PhaseResult;
import org.drjenkins.engine.drill.PhaseStatus;
import org.drjenkins.engine.failover.FailoverRequest;
import org.drjenkins.engine.failover.FailoverResult;
import org.drjenkins.engine.incident.IncidentEngine;
import org.drjenkins.engine.incident.IncidentRecord;
import org.drjenkins.engine.incident.IncidentRequest;
import org.drjenkins.engine.incident.IncidentTriggers;
import org.drjenkins.engine.manifest.VerificationRecord;
import org.drjenkins.engine.notify.IncidentStatus;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.restore.VerifyOutcome;
import org.drjenkins.engine.storage.StoreProvider;
import org.drjenkins.engine.util.InvalidRequestException;

/**
 * The one call each operation makes so that what went wrong reaches the on-call (the plan's incident response), used
 * alike by {@code dr} and the plugin's steps. Each method runs the operation, hands its outcome to the incident
 * engine in the background ({@link IncidentTriggers}: never waiting for the bucket or a channel, never failing the
 * operation) and returns the operation's own result or exception unchanged.
 *
 * <p>The rules, per the plan's severities ({@code incidents.severities}):
 * <ul>
 * <li>a backup that fails (or is not copied to every region) raises {@code backupFailed} for its component; the next
 *     backup that succeeds resolves it;</li>
 * <li>a verification that proves the backup bad raises {@code verificationFailed}; one that passes resolves it; an
 *     inconclusive one (the scratch environment failed, not the backup) changes nothing;</li>
 * <li>a component whose verdict turns VIOLATED, STALE or AT_RISK raises that verdict's incident once, on the turn: while
 *     it is open, the same verdict again changes nothing; a different bad verdict opens its own incident and
 *     supersedes the earlier one; COMPLIANT resolves it; NO_EVIDENCE leaves it as it is;</li>
 * <li>a drill that fails or aborts raises {@code drillFailed} for its scenario; the next that passes resolves it;</li>
 * <li>a failover raises the critical {@code failoverStarted} as it starts (not a dry run), and its end resolves it
 *     with the measured RTO/RPO, or, when it stopped half-way, updates it (MITIGATING, what is left) and leaves it
 *     open.</li>
 * </ul>
 * Bad input (an {@link InvalidRequestException}: an unknown component, a typo) raises nothing: the person who typed it
 * sees the message. While an incident of the same event and subject is open, a new occurrence updates it instead of
 * paging again.
 */
public final class OperationIncidents implements AutoCloseable {

    private static final Set<IncidentEvent> VERDICT_EVENTS = EnumSet.of(IncidentEvent.VERDICT_VIOLATED,
            IncidentEvent.VERDICT_STALE, IncidentEvent.VERDICT_AT_RISK);

    private final IncidentTriggers triggers;
    /** The plan's regions: a failover to any other name is a typo the service refuses, not one that starts. */
    private final Set<String> regions;

    public OperationIncidents(IncidentTriggers triggers, Set<String> regions) {
        this.triggers = triggers;
        this.regions = Set.copyOf(regions);
    }

    /** The plan's incident engine; does nothing when the plan configures no channel (see {@link IncidentTriggers}). */
    public static OperationIncidents forPlan(DrConfig plan, StoreProvider stores, Map<String, String> env, Progress progress) {
        return new OperationIncidents(IncidentTriggers.forPlan(plan, stores, env, progress),
                plan.regions().stream().map(r -> r.name()).collect(java.util.stream.Collectors.toSet()));
    }

    public static OperationIncidents none() {
        return new OperationIncidents(IncidentTriggers.none(), Set.of());
    }

    public boolean enabled() {
        return triggers.enabled();
    }

    /** Runs a backup of {@code component}. */
    public BackupResult backup(String component, Supplier<BackupResult> run) {
        BackupResult result;
        try {
            result = run.get();
        } catch (RuntimeException e) {
            if (!(e instanceof InvalidRequestException)) {
                raise(IncidentRequest.of(IncidentEvent.BACKUP_FAILED, "backup of " + component + " failed").subject(component)
                        .impact("no new recovery point for " + component + ": its RPO grows until a backup succeeds")
                        .facts(Map.of("component", component, "error", oneLine(e))));
            }
            throw e;
        }
        if (result.fullySucceeded()) {
            clear(IncidentEvent.BACKUP_FAILED, component, "backup " + result.manifest().backupId() + " of " + component
                    + " succeeded", Map.of("backupId", result.manifest().backupId()));
        } else {
            raise(IncidentRequest.of(IncidentEvent.BACKUP_FAILED, "backup " + result.manifest().backupId() + " of " + component
                    + " is not in every region").subject(component)
                    .impact("a loss of " + result.manifest().primaryRegion() + " would lose this recovery point")
                    .facts(Map.of("component", component, "backupId", result.manifest().backupId(),
                            "copyFailures", String.join("; ", result.copyFailures()))));
        }
        return result;
    }

    /** Runs a verification (verify-restore) of a backup of {@code component}. */
    public VerifyOutcome verification(String component, Supplier<VerifyOutcome> run) {
        VerifyOutcome outcome;
        try {
            outcome = run.get();
        } catch (RuntimeException e) {
            if (!(e instanceof InvalidRequestException)) {
                raise(verificationFailed(component, "verification of " + component + " failed: " + oneLine(e),
                        Map.of("component", component, "error", oneLine(e))));
            }
            throw e;
        }
        VerificationRecord record = outcome.record();
        if (outcome.verified()) {
            clear(IncidentEvent.VERIFICATION_FAILED, component, "backup " + record.backupId() + " of " + component
                    + " verified", Map.of("backupId", record.backupId(), "rtoSeconds", String.valueOf(record.rtoSeconds())));
        } else if (!outcome.inconclusive()) {
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("component", component);
            facts.put("backupId", record.backupId());
            facts.put("failures", String.join("; ", record.failures()));
            if (record.failedBy() != null) {
                facts.put("failedBy", record.failedBy().name().toLowerCase(java.util.Locale.ROOT));
            }
            raise(verificationFailed(component, "verification of backup " + record.backupId() + " of " + component
                    + " failed", facts));
        }
        return outcome;
    }

    private static IncidentRequest verificationFailed(String component, String description, Map<String, String> facts) {
        return IncidentRequest.of(IncidentEvent.VERIFICATION_FAILED, description).subject(component)
                .impact("the newest backup of " + component + " is not proven to restore").facts(facts);
    }

    /**
     * A compliance evaluation: each component whose verdict turned bad raises its verdict's incident, one that is
     * COMPLIANT again resolves it. Returns the report unchanged.
     */
    public ComplianceReport compliance(ComplianceReport report) {
        for (ComponentCompliance component : report.components()) {
            verdict(component);
        }
        return report;
    }

    private void verdict(ComponentCompliance c) {
        if (c.verdict() == Verdict.NO_EVIDENCE) {
            // Nothing measured says nothing new: an open verdict incident stays as it is.
            return;
        }
        Optional<IncidentEvent> event = eventOf(c.verdict());
        String component = c.component();
        String reasons = String.join("; ", c.reasons());
        triggers.submit("verdict of " + component, engine -> {
            List<IncidentRecord> open = VERDICT_EVENTS.stream()
                    .flatMap(e -> engine.unresolvedFor(e, component, false).stream()).toList();
            if (event.isPresent() && open.stream().anyMatch(r -> r.event() == event.get())) {
                return; // the same verdict as when its incident opened: not a turn
            }
            String replacedBy = null;
            if (event.isPresent()) {
                IncidentRecord opened = engine.raise(IncidentRequest.of(event.get(), component + " is " + c.verdict())
                        .subject(component).impact(impact(c)).facts(Map.of("component", component, "verdict",
                                c.verdict().name(), "reasons", reasons)));
                replacedBy = opened.id();
            }
            for (IncidentRecord earlier : open) {
                if (replacedBy == null) {
                    engine.resolve(earlier.id(), component + " is COMPLIANT again", Map.of("verdict", Verdict.COMPLIANT.name()));
                } else if (!earlier.id().equals(replacedBy)) {
                    engine.supersede(earlier.id(), component + " is " + c.verdict() + " now: incident " + replacedBy);
                }
            }
        });
    }

    /** The incident a verdict raises; empty for COMPLIANT (which resolves). */
    private static Optional<IncidentEvent> eventOf(Verdict verdict) {
        return switch (verdict) {
            case VIOLATED -> Optional.of(IncidentEvent.VERDICT_VIOLATED);
            case STALE -> Optional.of(IncidentEvent.VERDICT_STALE);
            case AT_RISK -> Optional.of(IncidentEvent.VERDICT_AT_RISK);
            case COMPLIANT, NO_EVIDENCE -> Optional.empty();
        };
    }

    private static String impact(ComponentCompliance c) {
        return c.verdict() == Verdict.VIOLATED ? "a restore of " + c.component() + " now misses its RTO or RPO target"
                : c.verdict() == Verdict.STALE ? "the evidence that " + c.component() + " meets its targets is too old to count"
                : c.component() + " is close to missing its RTO or RPO target";
    }

    /** Runs a drill. */
    public DrillReport drill(Supplier<DrillReport> run) {
        DrillReport report = run.get();
        String scenario = report.scenario().cliName();
        if (report.passed()) {
            clear(IncidentEvent.DRILL_FAILED, scenario, "drill " + report.drillId() + " (" + scenario + ") passed",
                    Map.of("drillId", report.drillId()));
        } else {
            List<String> failed = report.phases().stream().filter(p -> p.status() == PhaseStatus.FAILED
                    || p.status() == PhaseStatus.ABORTED).map(PhaseResult::name).toList();
            raise(IncidentRequest.of(IncidentEvent.DRILL_FAILED, "drill " + scenario + " " + report.drillId() + " "
                    + report.outcome()).subject(scenario)
                    .impact("the " + scenario + " part of the plan did not work as rehearsed")
                    .facts(Map.of("drillId", report.drillId(), "scenario", scenario, "outcome", report.outcome().name(),
                            "failedPhases", String.join(", ", failed))));
        }
        return report;
    }

    /**
     * Runs a failover: {@code failoverStarted} (critical) is raised as it starts, and its end resolves or updates it.
     * A dry run raises nothing.
     */
    public FailoverResult failover(FailoverRequest request, Supplier<FailoverResult> run) {
        String to = request.to();
        boolean starts = !request.dryRun() && regions.contains(to);
        if (starts) {
            raise(IncidentRequest.of(IncidentEvent.FAILOVER_STARTED, "database failover to " + to + " started").subject(to)
                    .impact("the primary database is being replaced: writes fail until the failover finishes")
                    .facts(Map.of("to", to)));
        }
        FailoverResult result;
        try {
            result = run.get();
        } catch (RuntimeException e) {
            if (starts) {
                String why = oneLine(e);
                triggers.submit("failover to " + to, engine -> started(engine, to).ifPresent(id -> {
                    if (e instanceof InvalidRequestException) {
                        engine.resolve(id, "the failover did not start: " + why, Map.of());
                    } else {
                        engine.update(id, IncidentStatus.MITIGATING, "the failover stopped: " + why, null);
                    }
                }));
            }
            throw e;
        }
        if (starts && !result.dryRun()) {
            triggers.submit("failover to " + to, engine -> finished(engine, result));
        }
        return result;
    }

    private static void finished(IncidentEngine engine, FailoverResult r) {
        Optional<String> started = started(engine, r.to());
        if (r.refused()) {
            started.ifPresent(id -> engine.resolve(id, "the failover from " + r.from() + " to " + r.to()
                    + " was refused by its gates: nothing was changed", Map.of("from", r.from())));
            return;
        }
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("from", r.from());
        if (r.rtoSeconds() != null) {
            facts.put("rtoSeconds", String.valueOf(r.rtoSeconds()));
        }
        if (r.rpoSeconds() != null) {
            facts.put("rpoSeconds", String.valueOf(r.rpoSeconds()));
        }
        String steps = "steps done: " + (r.doneSteps().isEmpty() ? "none" : String.join(", ", r.doneSteps()));
        if (!r.completed()) {
            String id = started.orElseGet(() -> engine.raise(finishedRequest(r, facts)).id());
            engine.note(id, "failover " + r.from() + " -> " + r.to() + " stopped: " + r.failure() + "; " + steps, facts);
            engine.update(id, IncidentStatus.MITIGATING, "the failover stopped: " + r.failure()
                    + (r.finishWith().isEmpty() ? "" : "; finish with: " + r.finishWith().get(0)), null);
            return;
        }
        // Without the started incident (its bucket did not answer then), the finished one carries the figures.
        String id = started.orElseGet(() -> engine.raise(finishedRequest(r, facts)).id());
        engine.note(id, "failover " + r.from() + " -> " + r.to() + " finished; " + steps, facts);
        engine.resolve(id, r.to() + " is the primary: RTO " + figure(r.rtoSeconds()) + ", RPO " + figure(r.rpoSeconds())
                + (r.compliant() ? " (within targets)" : " (targets missed)"), facts);
    }

    private static IncidentRequest finishedRequest(FailoverResult r, Map<String, String> facts) {
        return IncidentRequest.of(IncidentEvent.FAILOVER_FINISHED, "database failover from " + r.from() + " to " + r.to()
                + (r.completed() ? " finished" : " stopped")).subject(r.to()).facts(facts)
                .impact("the primary database moved to " + r.to());
    }

    private static Optional<String> started(IncidentEngine engine, String to) {
        return engine.unresolvedFor(IncidentEvent.FAILOVER_STARTED, to, false).map(IncidentRecord::id);
    }

    private static String figure(Double seconds) {
        return seconds == null ? "not measured" : String.format(java.util.Locale.ROOT, "%.1f s", seconds);
    }

    private void raise(IncidentRequest request) {
        triggers.submit(request.event().yamlName() + " of " + request.subject(), engine -> engine.raise(request));
    }

    private void clear(IncidentEvent event, String subject, String summary, Map<String, String> facts) {
        triggers.submit(event.yamlName() + " of " + subject, engine -> engine.unresolvedFor(event, subject, false)
                .ifPresent(open -> engine.resolve(open.id(), summary, facts)));
    }

    private static String oneLine(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Waits, bounded, for the queued incident work and the channels (see {@link IncidentTriggers#close}). */
    @Override
    public void close() {
        triggers.close();
    }
}
