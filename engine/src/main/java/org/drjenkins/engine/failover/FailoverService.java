package org.drjenkins.engine.failover;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.Targets;
import org.drjenkins.engine.failover.health.HealthCheck;
import org.drjenkins.engine.failover.health.HealthResult;
import org.drjenkins.engine.notify.IncidentStatus;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.util.Parameter;

/**
 * Fails the database over from the primary region to another one: gates first (the target's checks pass, it is a
 * standby in recovery, its lag is within the RPO target), then fence the old primary, let the standby replay its last
 * WAL, promote, switch DNS, and prove the result with post-checks. Every step is recorded with its time; a failure
 * stops the steps after it, says which were done, and gives a fenced old primary its writes back when nothing was
 * promoted, so the system is never left without a writable primary by us.
 */
public final class FailoverService {

    /** The targets of the plan's database objective (RTO 15 min, RPO 5 min by default). */
    public static final String DATABASE_TARGETS = "database";

    private final DrConfig config;
    private final FailoverTools tools;
    private final Clock clock;
    private final Progress progress;

    public FailoverService(DrConfig config, FailoverTools tools, Clock clock, Progress progress) {
        this.config = config;
        this.tools = tools;
        this.clock = clock;
        this.progress = progress;
    }

    /**
     * @throws InvalidRequestException for an unknown region, a region without database, or a target that is the primary
     */
    public FailoverResult run(FailoverRequest request) {
        Region to = config.region(request.to()).orElseThrow(() -> InvalidRequestException.of(Parameter.TO.given(request.to()),
                ": no such region; configured: " + String.join(", ", config.regions().stream().map(Region::name).toList())));
        RegionDatabase.of(to, tools.pgPassword());
        Region from = request.from()
                .map(name -> config.region(name).orElseThrow(() -> InvalidRequestException.of(Parameter.FROM.given(name),
                        ": no such region")))
                .orElseGet(() -> PrimaryLocator.locate(config, tools.pgPassword(), Optional.of(to.name())));
        if (from.name().equals(to.name())) {
            throw InvalidRequestException.of(Parameter.TO.given(to.name()), " is the region failed over from; name another region");
        }
        RegionDatabase.of(from, tools.pgPassword());
        return new Run(from, to, request).execute();
    }

    public DrConfig config() {
        return config;
    }

    /** One failover's state: steps so far and the moments of the evidence. */
    private final class Run {

        private final Region from;
        private final Region to;
        private final FailoverRequest request;
        private final RegionDatabase oldDb;
        private final RegionDatabase newDb;
        private final Targets targets = config.targetsFor(DATABASE_TARGETS);
        private final List<Step> steps = new ArrayList<>();
        private final Instant startedAt = clock.instant();
        private Instant decidedAt;
        private Instant fencedAt;
        private Instant promotedAt;
        private Instant dnsSwitchedAt;
        private Instant healthyAt;
        private boolean sqlFenced;
        private boolean stoppedOld;
        private Optional<ReplicationLag> lagAtDecision = Optional.empty();
        private Optional<ReplicationLag> lagAtPromotion = Optional.empty();
        private String oldFinalLsn;
        private DataLoss dataLoss;

        Run(Region from, Region to, FailoverRequest request) {
            this.from = from;
            this.to = to;
            this.request = request;
            this.oldDb = RegionDatabase.of(from, tools.pgPassword());
            this.newDb = RegionDatabase.of(to, tools.pgPassword());
        }

        FailoverResult execute() {
            Incident incident = request.dryRun() ? null : Incident.open(tools.notifier(), clock, rtoStart(),
                    request.drillId().map(id -> "DR drill " + id + ": ").orElse("") + "database failover from "
                            + from.name() + " to " + to.name(), impact(), List.of(
                            "the primary database " + oldDb.describe() + " is being replaced by " + newDb.describe()));
            progress.phase("gates: may " + to.name() + " take over from " + from.name() + "?");
            boolean oldAnswers = oldDb.answers();
            List<Gate> gates = gates(oldAnswers);
            gates.forEach(g -> progress.info(g.toString()));
            decidedAt = clock.instant();
            boolean refused = gates.stream().anyMatch(g -> !g.passed()) && !request.force();
            boolean forced = request.force() && gates.stream().anyMatch(g -> !g.passed());
            if (request.dryRun()) {
                return result(gates, plan(oldAnswers), refused, forced, false, null);
            }
            if (refused) {
                incident.update(IncidentStatus.INVESTIGATING, List.of("failover to " + to.name() + " refused by its gates; "
                        + "nothing was changed", failedGates(gates)));
                return result(gates, steps, true, false, false, null);
            }
            if (forced) {
                progress.info("FORCED past failing gates: " + failedGates(gates));
            }
            incident.update(IncidentStatus.MITIGATING, List.of("failing over to " + to.name() + (forced ? " (forced past: "
                    + failedGates(gates) + ")" : "")));
            String failure = null;
            try (DnsStep dns = new DnsStep(to, tools.dns(), progress)) {
                try {
                    fence(oldAnswers);
                    promote();
                    dataLoss = measureDataLoss();
                    switchDns(dns);
                    postChecks(dns);
                    healthyAt = clock.instant();
                } catch (StepFailedException e) {
                    failure = e.getMessage();
                    progress.info("FAILED: " + failure);
                    if (promotedAt == null) {
                        undoFence();
                    }
                }
            }
            FailoverResult result = result(gates, steps, false, forced, failure == null, failure);
            if (failure == null) {
                incident.update(IncidentStatus.RESOLVED, List.of(to.name() + " is the primary; RTO "
                        + Seconds.text(result.rtoSeconds()) + " (target " + Seconds.text(targets.rto()) + "), RPO "
                        + (result.rpoSeconds() == null ? "not measurable" : Seconds.text(result.rpoSeconds())) + " (target "
                        + Seconds.text(targets.rpo()) + ")", "steps: " + String.join(", ", result.doneSteps())));
            } else {
                incident.update(IncidentStatus.MITIGATING, List.of("the failover stopped: " + failure,
                        "done: " + (result.doneSteps().isEmpty() ? "nothing" : String.join(", ", result.doneSteps())),
                        "manual action needed"));
            }
            return result;
        }

        private Instant rtoStart() {
            return request.detection().map(d -> d.firstFailureAt()).orElse(startedAt);
        }

        private String impact() {
            if (request.drillId().isPresent()) {
                return "a rehearsal: writes pause while " + to.name() + " is promoted; no action needed";
            }
            return request.detection().map(d -> "writes unavailable: every check of " + from.name() + " failed for "
                    + Seconds.text(d.failingFor()))
                    .orElse("writes pause while " + to.name() + " is promoted");
        }

        private List<Gate> gates(boolean oldAnswers) {
            List<Gate> gates = new ArrayList<>();
            List<HealthCheck> checks = RegionChecks.of(to, tools.pgPassword(), tools.limits().checkTimeout());
            List<HealthResult> results = RegionChecks.probe(checks);
            boolean healthy = results.stream().allMatch(HealthResult::healthy);
            gates.add(new Gate("target checks pass", healthy, String.join("; ", results.stream()
                    .map(r -> (r.healthy() ? "ok " : "FAILED ") + r.detail()).toList())));
            boolean standby = false;
            try {
                standby = newDb.inRecovery();
                gates.add(new Gate("target is a standby in recovery", standby, standby
                        ? newDb.describe() + " is in recovery"
                        : newDb.describe() + " is not in recovery: it is a primary already; nothing to promote"));
            } catch (SQLException e) {
                gates.add(new Gate("target is a standby in recovery", false, "cannot ask " + newDb.describe() + ": "
                        + RegionDatabase.reason(e)));
            }
            String lagGate = "replication lag within the RPO target " + Seconds.text(targets.rpo());
            if (!oldAnswers) {
                gates.add(new Gate(lagGate, true, "not measurable: the old primary " + oldDb.describe()
                        + " does not answer (what it committed and never sent is lost)"));
            } else if (!standby) {
                gates.add(new Gate(lagGate, false, "not measured: the target is not a standby"));
            } else {
                try {
                    ReplicationLag lag = new LagMeter(tools.limits().lagGrace()).measure(oldDb, newDb);
                    lagAtDecision = Optional.of(lag);
                    boolean within = lag.caughtUp() || (lag.lag() != null && lag.lag().compareTo(targets.rpo()) <= 0);
                    gates.add(new Gate(lagGate, within, lag.describe()));
                } catch (SQLException e) {
                    gates.add(new Gate(lagGate, false, "cannot measure: " + RegionDatabase.reason(e)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    gates.add(new Gate(lagGate, false, "interrupted while measuring"));
                }
            }
            return gates;
        }

        private List<Step> plan(boolean oldAnswers) {
            List<Step> plan = new ArrayList<>();
            plan.add(Step.planned("fence", oldAnswers ? "set " + from.name() + " read-only (default_transaction_read_only "
                    + "= on) and end its client sessions" : from.name() + " does not answer: nothing to fence"
                    + (from.dataDirectory() != null ? "; stop its server if it still runs" : "")));
            if (oldAnswers) {
                plan.add(Step.planned("catch-up", "wait up to " + Seconds.text(tools.limits().catchUp()) + " for "
                        + to.name() + " to replay " + from.name() + "'s last WAL"));
                if (from.dataDirectory() != null) {
                    plan.add(Step.planned("stop-old-primary", "stop " + from.name() + "'s server (data directory "
                            + from.dataDirectory() + ")"));
                }
            }
            plan.add(Step.planned("promote", "promote " + newDb.describe() + " with pg_promote(wait => true)"));
            plan.add(Step.planned("switch-dns", DnsStep.plan(to)));
            plan.add(Step.planned("post-checks", "write a marker on " + to.name() + ", run its checks"
                    + (DnsStep.switches(to) ? ", read the DNS record back" : "")));
            return plan;
        }

        private void fence(boolean answeredAtDecision) throws StepFailedException {
            boolean answers = answeredAtDecision && oldDb.answers();
            if (!answers) {
                if (from.dataDirectory() != null && LocalServer.running(from.dataDirectory())) {
                    step("fence", () -> {
                        LocalServer.stop(from.dataDirectory(), "immediate");
                        stoppedOld = true;
                        return from.name() + " did not answer but its server still ran: stopped it (immediate)";
                    });
                } else {
                    skip("fence", from.name() + " does not answer: nothing to fence");
                }
                fencedAt = clock.instant();
                return;
            }
            step("fence", () -> {
                int ended = oldDb.fence();
                sqlFenced = true;
                return from.name() + " is read-only (default_transaction_read_only = on); " + ended
                        + " client session(s) ended";
            });
            fencedAt = clock.instant();
            step("catch-up", () -> {
                String last = oldDb.currentLsn();
                oldFinalLsn = last;
                ReplicationLag lag = LagMeter.awaitReplay(newDb, last, tools.limits().catchUp());
                lagAtPromotion = Optional.of(lag);
                return lag.caughtUp() ? to.name() + " replayed " + from.name() + "'s last WAL (" + last + ")"
                        : "after waiting " + Seconds.text(tools.limits().catchUp()) + ", " + to.name() + " is still "
                        + lag.describe() + "; promoting anyway (the gates allowed it)";
            });
            if (from.dataDirectory() != null) {
                step("stop-old-primary", () -> {
                    LocalServer.stop(from.dataDirectory(), "fast");
                    stoppedOld = true;
                    return from.name() + "'s server is stopped (data directory " + from.dataDirectory() + ")";
                });
            }
        }

        private void promote() throws StepFailedException {
            step("promote", () -> {
                if (!newDb.promote(tools.limits().promote())) {
                    throw new StepFailedException("pg_promote on " + newDb.describe() + " did not finish within "
                            + Seconds.text(tools.limits().promote()) + "; see its server log");
                }
                if (newDb.inRecovery()) {
                    throw new StepFailedException(newDb.describe() + " still reports pg_is_in_recovery() after pg_promote");
                }
                promotedAt = clock.instant();
                // A server fenced in an earlier failover keeps the fence in postgresql.auto.conf (pg_rewind leaves it
                // when nothing diverged): a new primary must take writes whatever its history.
                if ("on".equals(newDb.setting("default_transaction_read_only"))) {
                    newDb.unfence();
                    return newDb.describe() + " accepts writes (the read-only fence left from an earlier failover was "
                            + "reset)";
                }
                return newDb.describe() + " accepts writes";
            });
        }

        private DataLoss measureDataLoss() {
            Optional<Marker> last = request.markers().flatMap(MarkerSource::lastCommitted);
            if (last.isPresent()) {
                try {
                    return DataLoss.fromMarkers(last.get(), newDb.newestMarker(),
                            request.markers().flatMap(MarkerSource::firstCommitted));
                } catch (SQLException e) {
                    progress.info("cannot read markers on " + to.name() + ": " + RegionDatabase.reason(e));
                }
            }
            if (oldFinalLsn != null) {
                try {
                    // Promotion replays whatever WAL had arrived: what counts is where replay ended.
                    String replayed = newDb.replayState().replayLsn();
                    if (Lsn.parse(replayed) >= Lsn.parse(oldFinalLsn)) {
                        return new DataLoss(0.0, 0L, null, "WAL: the promoted server replayed up to " + replayed
                                + ", past the fenced old primary's last position " + oldFinalLsn);
                    }
                } catch (SQLException e) {
                    progress.info("cannot read the replay position of " + to.name() + ": " + RegionDatabase.reason(e));
                }
            }
            if (lagAtPromotion.isPresent()) {
                return DataLoss.fromLag(lagAtPromotion.get(), "at promotion (after fencing)");
            }
            if (lagAtDecision.isPresent()) {
                return DataLoss.fromLag(lagAtDecision.get(), "at decision");
            }
            return DataLoss.notMeasurable("not measurable: the old primary did not answer, so its last commit is unknown "
                    + "(drills measure it with markers)");
        }

        private void switchDns(DnsStep dns) throws StepFailedException {
            if (!DnsStep.switches(to)) {
                skip("switch-dns", DnsStep.plan(to));
                return;
            }
            step("switch-dns", dns::point);
            dnsSwitchedAt = clock.instant();
        }

        private void postChecks(DnsStep dns) throws StepFailedException {
            step("post-checks", () -> {
                List<HealthCheck> checks = RegionChecks.of(to, tools.pgPassword(), tools.limits().checkTimeout());
                long deadline = System.nanoTime() + tools.limits().postChecks().toNanos();
                Marker marker = null;
                while (true) {
                    List<String> failing = new ArrayList<>();
                    if (marker == null) {
                        try {
                            marker = newDb.writeMarker();
                        } catch (SQLException e) {
                            failing.add("marker write on " + to.name() + ": " + RegionDatabase.reason(e));
                        }
                    }
                    for (HealthResult r : RegionChecks.probe(checks)) {
                        if (!r.healthy()) {
                            failing.add(r.detail());
                        }
                    }
                    dns.check().ifPresent(failing::add);
                    if (failing.isEmpty()) {
                        return "marker #" + marker.id() + " written on " + to.name() + "; " + checks.size()
                                + " check(s) pass" + (DnsStep.switches(to) ? "; DNS answers " + to.dns().value() : "");
                    }
                    if (System.nanoTime() > deadline) {
                        throw new StepFailedException("post-checks still failing after "
                                + Seconds.text(tools.limits().postChecks()) + ": " + String.join("; ", failing));
                    }
                    Thread.sleep(250);
                }
            });
        }

        /** A fenced old primary gets its writes back when no standby was promoted: someone must be writable. */
        private void undoFence() {
            if (!sqlFenced && !stoppedOld) {
                return;
            }
            try {
                step("undo-fence", () -> {
                    if (stoppedOld) {
                        LocalServer.start(from.dataDirectory());
                    }
                    if (sqlFenced || stoppedOld) {
                        oldDb.unfence();
                    }
                    return from.name() + " accepts writes again (nothing was promoted)";
                });
            } catch (StepFailedException e) {
                progress.info("could not give " + from.name() + " its writes back: " + e.getMessage()
                        + "; no region accepts writes now: promote one by hand");
            }
        }

        private void skip(String name, String detail) {
            steps.add(new Step(name, Step.Status.SKIPPED, clock.instant(), 0, detail));
            progress.info(name + ": skipped: " + detail);
        }

        private void step(String name, StepAction action) throws StepFailedException {
            progress.phase(name);
            Instant at = clock.instant();
            long start = System.nanoTime();
            try {
                String detail = action.run();
                steps.add(new Step(name, Step.Status.DONE, at, seconds(start), detail));
                progress.info(detail);
            } catch (StepFailedException e) {
                steps.add(new Step(name, Step.Status.FAILED, at, seconds(start), e.getMessage()));
                throw e;
            } catch (SQLException e) {
                String why = name + " failed: " + RegionDatabase.reason(e);
                steps.add(new Step(name, Step.Status.FAILED, at, seconds(start), why));
                throw new StepFailedException(why, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                String why = name + " interrupted";
                steps.add(new Step(name, Step.Status.FAILED, at, seconds(start), why));
                throw new StepFailedException(why, e);
            } catch (Exception e) {
                String why = name + " failed: " + oneLine(e);
                steps.add(new Step(name, Step.Status.FAILED, at, seconds(start), why));
                throw new StepFailedException(why, e);
            }
        }

        private FailoverResult result(List<Gate> gates, List<Step> resultSteps, boolean refused, boolean forced,
                boolean completed, String failure) {
            Evidence evidence = new Evidence(request.detection().map(d -> d.firstFailureAt()).orElse(null),
                    request.detection().map(d -> d.detectedAt()).orElse(null), startedAt, decidedAt, fencedAt, promotedAt,
                    dnsSwitchedAt, healthyAt);
            Double rto = healthyAt == null ? null : Seconds.between(evidence.rtoStart(), healthyAt);
            DataLoss loss = dataLoss != null ? dataLoss : lagAtDecision.map(l -> DataLoss.fromLag(l, "at decision"))
                    .orElse(null);
            return new FailoverResult(from.name(), to.name(), request.dryRun(), refused, forced, completed, gates,
                    resultSteps, evidence, rto, loss, targets, failure, tools.notifier().log());
        }
    }

    private static String failedGates(List<Gate> gates) {
        return String.join("; ", gates.stream().filter(g -> !g.passed()).map(g -> g.name() + " (" + g.detail() + ")")
                .toList());
    }

    private static double seconds(long startNanos) {
        return Seconds.of(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    @FunctionalInterface
    private interface StepAction {
        String run() throws Exception;
    }
}
