package org.drjenkins.engine.drill;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.failover.FailoverResult;
import org.drjenkins.engine.failover.FailoverService;
import org.drjenkins.engine.failover.Seconds;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.util.InvalidRequestException;

/**
 * Runs one drill scenario within its time budget and reports what it measured: phases, RTO and RPO per component
 * against targets. The report is also stored as {@code drills/<drillId>/report.json} in the primary region's bucket
 * ({@link DrillHistory}), so compliance can show when each scenario was last drilled.
 */
public final class DrillRunner {

    /** Posting to a few webhooks takes seconds; five minutes covers slow chat services and retries by hand. */
    static final Duration COMMUNICATION_BUDGET = Duration.ofMinutes(5);

    private final DrConfig config;
    private final DrillTools tools;
    private final Clock clock;
    private final Progress progress;
    private CommunicationOptions communication = CommunicationOptions.defaults();

    public DrillRunner(DrConfig config, DrillTools tools, Clock clock, Progress progress) {
        this.config = config;
        this.tools = tools;
        this.clock = clock;
        this.progress = progress;
    }

    /** How the communication drill runs (its shortened SLA, waiting for a person's acknowledgement, the channel). */
    public DrillRunner communication(CommunicationOptions newOptions) {
        this.communication = newOptions;
        return this;
    }

    /**
     * @throws InvalidRequestException before anything is touched, when the drill could not run or not roll back
     *                                 (no fault to inject, no way to rejoin, unknown target region)
     */
    public DrillReport run(DrillOptions options) {
        Instant startedAt = clock.instant();
        Scenario scenario = options.scenario();
        String drillId = DrillReport.newId(startedAt, scenario);
        FailoverDrill failover = switch (scenario) {
            case DATABASE_FAILOVER -> new FailoverDrill(config, tools, options, clock, progress, false, drillId);
            case REGION_FAILOVER, END_TO_END -> new FailoverDrill(config, tools, options, clock, progress, true, drillId);
            default -> null;
        };
        BackupRestoreDrill backups = scenario == Scenario.BACKUP_RESTORE || scenario == Scenario.END_TO_END
                ? new BackupRestoreDrill(config, tools, clock, progress) : null;
        Duration budget = options.budget().orElseGet(() -> defaultBudget(scenario));
        Duration perPhase = options.phaseBudget().orElse(budget);
        PhaseRunner phases = new PhaseRunner(clock, progress, budget, perPhase);
        progress.phase("drill " + drillId + " within " + Seconds.text(budget)
                + (perPhase.equals(budget) ? "" : ", each phase within " + Seconds.text(perPhase)));

        List<ComponentResult> components = new ArrayList<>();
        List<FailoverResult> failovers = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        notes.add("time budget: " + Seconds.text(budget) + (options.budget().isPresent() ? "" : " (the drilled components' "
                + "RTO target)") + (perPhase.equals(budget) ? "" : ", " + Seconds.text(perPhase) + " per phase"));
        if (backups != null) {
            backups.run(phases);
            components.addAll(backups.components);
        }
        if (scenario == Scenario.COMMUNICATION) {
            new CommunicationDrill(config, tools, clock, progress, drillId, communication).run(phases);
        }
        if (failover != null) {
            if (phases.stopped()) {
                phases.record(new PhaseResult("region-failover", "region", PhaseStatus.SKIPPED, clock.instant(), 0,
                        "not run: the backup-restore part did not pass"));
            } else {
                failover.run(phases);
                components.addAll(failover.components);
                failovers.addAll(failover.failovers);
                notes.addAll(failover.notes);
            }
        }
        boolean compliant = components.stream().allMatch(ComponentResult::compliant);
        DrillOutcome outcome = phases.aborted() ? DrillOutcome.ABORTED
                : phases.stopped() || !compliant ? DrillOutcome.FAILED : DrillOutcome.PASSED;
        DrillReport report = new DrillReport(drillId, scenario, outcome, startedAt, clock.instant(), phases.results(),
                components, failover == null ? null : failover.detection(), failovers, notes);
        return record(report);
    }

    /** The drilled components' RTO targets: what the plan promises a recovery takes. */
    Duration defaultBudget(Scenario scenario) {
        Duration database = config.targetsFor(FailoverService.DATABASE_TARGETS).rto();
        Duration backups = config.components().keySet().stream().map(c -> config.targetsFor(c).rto())
                .reduce(Duration.ZERO, Duration::plus);
        backups = backups.isZero() ? Duration.ofMinutes(1) : backups;
        return switch (scenario) {
            case BACKUP_RESTORE -> backups;
            case DATABASE_FAILOVER, REGION_FAILOVER -> database;
            // Room for the shortened SLA twice (escalation, customer email) and a person's acknowledgement.
            case COMMUNICATION -> max(COMMUNICATION_BUDGET, communication.drillSla().multipliedBy(2)
                    .plus(communication.ackWithin().orElse(Duration.ZERO)).plus(Duration.ofMinutes(1)));
            case END_TO_END -> backups.plus(database);
        };
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private DrillReport record(DrillReport report) {
        DrillHistory history = new DrillHistory(config, tools.stores());
        String where = "s3://" + config.primary().bucket() + "/" + DrillHistory.key(report.drillId());
        try {
            history.store(report.withNote("recorded as " + where));
            progress.info("drill recorded as " + where);
            return report.withNote("recorded as " + where);
        } catch (RuntimeException e) {
            progress.info("the drill record could not be stored: " + e.getMessage());
            return report.withNote("not recorded in " + config.primary().name() + "'s bucket: " + e.getMessage());
        }
    }
}
