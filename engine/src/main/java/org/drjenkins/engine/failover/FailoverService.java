package org.drjenkins.engine.failover;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    /** The gate a failover fails when another failover holds the plan's lease: force never overrides it. */
    public static final String LEASE_GATE = "failover lease taken";
    /** The gate a failover fails when too few buckets answer to take the lease: only force goes on without it. */
    public static final String LEASE_QUORUM_GATE = "failover lease in a majority of buckets";

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
     * Runs the failover, or continues one that stopped half-way: a failover whose target was promoted but whose DNS
     * switch or post-checks did not finish is recorded in the buckets, and a rerun (or {@code resume}) starts at the
     * first unfinished step. A promoted target is never undone: its old primary is fenced again if it takes writes.
     *
     * @throws InvalidRequestException for an unknown region, a region without database, a target that is the primary
     *                                 failed over from, or a target that is already the primary with no unfinished
     *                                 failover to it
     */
    public FailoverResult run(FailoverRequest request) {
        Region to = config.region(request.to()).orElseThrow(() -> InvalidRequestException.of(Parameter.TO.given(request.to()),
                ": no such region; configured: " + String.join(", ", config.regions().stream().map(Region::name).toList())));
        RegionDatabase newDb = RegionDatabase.of(to, tools.pgPassword(), tools.limits());
        Optional<FailoverRecord> inTarget = tools.journal().newest(List.of(to))
                .filter(r -> r.unfinished() && r.to().equals(to.name()));
        Region from = request.from()
                .map(name -> config.region(name).orElseThrow(() -> InvalidRequestException.of(Parameter.FROM.given(name),
                        ": no such region")))
                .or(() -> inTarget.flatMap(r -> config.region(r.from())))
                .orElseGet(() -> PrimaryLocator.locate(config, tools.pgPassword(), Optional.of(to.name())));
        if (from.name().equals(to.name())) {
            throw InvalidRequestException.of(Parameter.TO.given(to.name()), " is the region failed over from; name another region");
        }
        RegionDatabase.of(from, tools.pgPassword());
        Optional<FailoverRecord> recorded = tools.journal().newest(List.of(to, from))
                .filter(r -> r.unfinished() && r.isFor(from.name(), to.name()));
        if (request.dryRun()) {
            return runChecked(from, to, newDb, request, recorded);
        }
        String purpose = "failover " + from.name() + " -> " + to.name() + request.drillId().map(id -> " (drill " + id + ")")
                .orElse("");
        FailoverLeases.Held lease;
        try {
            lease = tools.leases().take(config.regions(), purpose);
            progress.info("holding the failover lease of " + String.join(", ", config.regions().stream()
                    .map(Region::name).toList()) + " for " + purpose);
        } catch (FailoverLease.NotTakenException e) {
            Gate gate = new Gate(e.heldByAnother() ? LEASE_GATE : LEASE_QUORUM_GATE, false, e.getMessage());
            if (e.heldByAnother() || !request.force()) {
                progress.info(gate.toString());
                return new Run(from, to, request, recorded).refusedBy(gate);
            }
            progress.info("FORCED without the failover lease: " + e.getMessage());
            lease = () -> { };
        }
        try (FailoverLeases.Held held = lease) {
            // Read again under the lease: a failover that held it before us may have changed everything.
            Optional<FailoverRecord> now = tools.journal().newest(List.of(to, from))
                    .filter(r -> r.unfinished() && r.isFor(from.name(), to.name()));
            return runChecked(from, to, newDb, request, now);
        }
    }

    private FailoverResult runChecked(Region from, Region to, RegionDatabase newDb, FailoverRequest request,
            Optional<FailoverRecord> recorded) {
        boolean nothingToFinish = recorded.isEmpty() && !request.resume();
        if (isPromoted(newDb) && !(request.dryRun() && nothingToFinish)) {
            // A dry run never stops at this: its gate "target is a standby in recovery" reports it as FAIL.
            if (nothingToFinish) {
                throw InvalidRequestException.of(Parameter.TO.given(to.name()), " is already the primary (its database "
                        + newDb.describe() + " is not in recovery) and no unfinished failover to it is recorded: nothing "
                        + "to fail over. If a failover to it stopped half-way, finish it with: " + resumeCommand(to));
            }
            return new Run(from, to, request, recorded).resume();
        }
        if (request.resume() && recorded.isEmpty()) {
            throw InvalidRequestException.of(Parameter.TO.given(to.name()), ": no unfinished failover from " + from.name()
                    + " to it is recorded and " + newDb.describe() + " is still a standby: nothing to resume; run the "
                    + "failover without --resume");
        }
        return new Run(from, to, request, recorded).execute();
    }

    private static boolean isPromoted(RegionDatabase db) {
        try {
            return db.answers() && !db.inRecovery();
        } catch (SQLException e) {
            return false;
        }
    }

    /** The command that finishes a failover to {@code to} that stopped after promoting it. */
    static String resumeCommand(Region to) {
        return "dr failover --to " + to.name() + " --resume";
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
        private boolean commandFenced;
        private Optional<ReplicationLag> lagAtDecision = Optional.empty();
        private Optional<ReplicationLag> lagAtPromotion = Optional.empty();
        private String oldFinalLsn;
        private DataLoss dataLoss;
        /** What an earlier run of this failover recorded; empty for a new failover. */
        private final Optional<FailoverRecord> earlier;
        private FailoverRecord record;
        private final List<String> journalProblems = new ArrayList<>();

        Run(Region from, Region to, FailoverRequest request, Optional<FailoverRecord> earlier) {
            this.from = from;
            this.to = to;
            this.request = request;
            this.oldDb = RegionDatabase.of(from, tools.pgPassword(), tools.limits());
            this.newDb = RegionDatabase.of(to, tools.pgPassword(), tools.limits());
            this.earlier = earlier;
        }

        /** Writes the record to the target's bucket, then the old primary's; a bucket that refuses is reported, not fatal. */
        private void save(FailoverRecord next) {
            record = next;
            for (String problem : tools.journal().writeAll(List.of(to, from), next)) {
                progress.info("WARNING: " + problem);
                journalProblems.add(problem);
            }
        }

        private void passed(String stage) {
            save(record.passed(stage, clock.instant()));
        }

        private String newId() {
            return "fo-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                    .withZone(java.time.ZoneOffset.UTC).format(startedAt) + "-"
                    + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 6);
        }

        /** Refused before anything was looked at: another failover holds the lease, or it could not be taken. */
        FailoverResult refusedBy(Gate gate) {
            decidedAt = clock.instant();
            return result(List.of(gate), steps, true, false, false, null);
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
                if (earlier.isPresent() && earlier.get().has(FailoverRecord.FENCED)) {
                    // An earlier run fenced the old primary and stopped before promoting: refused now, it must write again.
                    record = earlier.get();
                    sqlFenced = true;
                    stoppedOld = from.dataDirectory() != null && !LocalServer.running(from.dataDirectory());
                    undoFence();
                    save(record.ended(FailoverRecord.ROLLED_BACK, "refused by its gates: " + failedGates(gates),
                            List.of(), clock.instant()));
                }
                return result(gates, steps, true, false, false, null);
            }
            record = earlier.map(r -> r.has(FailoverRecord.PROMOTED) ? r : r.restarted(clock.instant()))
                    .orElseGet(() -> FailoverRecord.start(newId(), from.name(), to.name(), forced, startedAt))
                    .forcedNow(forced);
            earlier.ifPresent(r -> progress.info("an unfinished failover " + r.id() + " from " + from.name() + " to "
                    + to.name() + " is recorded (done: " + (r.done().isEmpty() ? "nothing" : String.join(", ", r.done()))
                    + "); nothing was promoted: starting again from the gates"));
            passed(FailoverRecord.GATES);
            if (forced) {
                progress.info("FORCED past failing gates: " + failedGates(gates));
            }
            incident.update(IncidentStatus.MITIGATING, List.of("failing over to " + to.name() + (forced ? " (forced past: "
                    + failedGates(gates) + ")" : "")));
            String failure = null;
            try (DnsStep dns = new DnsStep(to, tools.dns(), progress)) {
                try {
                    fence(oldAnswers);
                    passed(FailoverRecord.FENCED);
                    promote();
                    passed(FailoverRecord.PROMOTED);
                    dataLoss = measureDataLoss();
                    switchDns(dns);
                    passed(FailoverRecord.DNS_SWITCHED);
                    postChecks(dns);
                    passed(FailoverRecord.POST_CHECKS);
                    healthyAt = clock.instant();
                } catch (StepFailedException e) {
                    failure = e.getMessage();
                    progress.info("FAILED: " + failure);
                    if (promotedAt == null && undoFence()) {
                        save(record.ended(FailoverRecord.ROLLED_BACK, failure, List.of(), clock.instant()));
                    }
                }
            }
            return finish(incident, gates, forced, failure);
        }

        /** Records the end and tells the incident; when it stopped, the result says what is left and how to finish. */
        private FailoverResult finish(Incident incident, List<Gate> gates, boolean forced, String failure) {
            List<String> remaining = failure == null ? List.of() : remaining();
            List<String> finishWith = failure == null || !record.has(FailoverRecord.PROMOTED) ? List.of()
                    : finishCommands();
            if (failure == null) {
                save(record.ended(FailoverRecord.COMPLETED, null, List.of(), clock.instant()));
            } else if (record.unfinished()) {
                save(record.ended(FailoverRecord.STOPPED, failure, remaining, clock.instant()));
            }
            FailoverResult result = result(gates, steps, false, forced, failure == null, failure)
                    .withRemaining(remaining, finishWith, journalProblems);
            if (failure == null) {
                incident.update(IncidentStatus.RESOLVED, List.of(to.name() + " is the primary; RTO "
                        + Seconds.text(result.rtoSeconds()) + " (target " + Seconds.text(targets.rto()) + "), RPO "
                        + (result.rpoSeconds() == null ? "not measurable" : Seconds.text(result.rpoSeconds())) + " (target "
                        + Seconds.text(targets.rpo()) + ")", "steps: " + String.join(", ", result.doneSteps())));
            } else {
                incident.update(IncidentStatus.MITIGATING, List.of("the failover stopped: " + failure,
                        "done: " + (result.doneSteps().isEmpty() ? "nothing" : String.join(", ", result.doneSteps())),
                        remaining.isEmpty() ? "manual action needed" : "left: " + String.join("; ", remaining)
                                + (finishWith.isEmpty() ? "" : "; finish with: " + finishWith.get(0))));
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
            if (!oldAnswers) {
                gates.add(fenceableGate());
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
            if (DnsStep.switches(to)) {
                try (DnsStep dns = new DnsStep(to, tools.dns(), progress)) {
                    gates.add(dns.gate());
                }
            }
            return gates;
        }

        /**
         * An old primary that does not answer may only be cut off from us and still take writes. It counts as fenced
         * when we can make sure (its fenceCommand, its local server stopped) or when a watch saw every check fail for
         * the threshold; otherwise only {@code --force} goes on, once a person knows it is down.
         */
        private Gate fenceableGate() {
            String name = "old primary can be fenced";
            return switch (strongFence()) {
                case COMMAND -> new Gate(name, true, from.name() + " does not answer: its fenceCommand will make sure");
                case STOP -> new Gate(name, true, from.name() + " does not answer: its local server is stopped if it "
                        + "still runs (data directory " + from.dataDirectory() + ")");
                case CONNECTIONS -> request.detection().isPresent()
                        ? new Gate(name, true, from.name() + " does not answer and every check failed for "
                                + Seconds.text(request.detection().get().failingFor()) + "; not fenced: give it a "
                                + "fenceCommand to be sure a partition cannot hide a primary that still writes")
                        : new Gate(name, false, from.name() + " does not answer and cannot be fenced from here (no "
                                + "fenceCommand, no local dataDirectory): cut off from us it may still take writes; "
                                + "pass --force once you know it is down, or give the region a fenceCommand");
            };
        }

        private List<Step> plan(boolean oldAnswers) {
            List<Step> plan = new ArrayList<>();
            StrongFence strong = strongFence();
            plan.add(Step.planned("fence", oldAnswers ? "set " + from.name() + " read-only (default_transaction_read_only "
                    + "= on)" + (strong == StrongFence.CONNECTIONS ? ", refuse connections to its databases "
                    + "(ALLOW_CONNECTIONS false)" : "") + " and end its client sessions, each confirmed"
                    : from.name() + " does not answer" + (strong == StrongFence.STOP
                    ? ": stop its server if it still runs" : strong == StrongFence.COMMAND ? "" : ": nothing to fence")));
            if (oldAnswers) {
                plan.add(Step.planned("catch-up", "wait up to " + Seconds.text(tools.limits().catchUp()) + " for "
                        + to.name() + " to replay " + from.name() + "'s last WAL"));
                if (strong == StrongFence.STOP) {
                    plan.add(Step.planned("stop-old-primary", "stop " + from.name() + "'s server (data directory "
                            + from.dataDirectory() + ")"));
                }
            }
            if (strong == StrongFence.COMMAND) {
                plan.add(Step.planned("fence-command", "run " + from.name() + "'s fenceCommand, then confirm "
                        + oldDb.describe() + " no longer answers"));
            }
            plan.add(Step.planned("promote", "promote " + newDb.describe() + " with pg_promote(wait => true)"));
            plan.add(Step.planned("switch-dns", DnsStep.plan(to)));
            plan.add(Step.planned("post-checks", "write a marker on " + to.name() + ", run its checks"
                    + (DnsStep.switches(to) ? ", read the DNS record back" : "")));
            return plan;
        }

        /**
         * The strongest fence this region allows, in order of preference: its {@code fenceCommand} (STONITH), stopping
         * its server when the data directory is here, else refusing connections to its databases. The read-only
         * default and ending sessions come first whenever it answers, so the standby can replay the last WAL.
         */
        private StrongFence strongFence() {
            if (from.fenceCommand() != null) {
                return StrongFence.COMMAND;
            }
            return from.dataDirectory() != null ? StrongFence.STOP : StrongFence.CONNECTIONS;
        }

        private void fence(boolean answeredAtDecision) throws StepFailedException {
            boolean answers = answeredAtDecision && oldDb.answers();
            StrongFence strong = strongFence();
            if (!answers) {
                if (strong == StrongFence.COMMAND) {
                    fenceCommand(false);
                } else if (strong == StrongFence.STOP && LocalServer.running(from.dataDirectory())) {
                    step("fence", () -> {
                        LocalServer.stop(from.dataDirectory(), "immediate");
                        stoppedOld = true;
                        return from.name() + " did not answer but its server still ran: stopped it (immediate)";
                    });
                } else {
                    skip("fence", from.name() + " does not answer and cannot be fenced from here"
                            + (request.force() ? " (forced)" : request.detection().isPresent()
                            ? " (seen down by every check for " + Seconds.text(request.detection().get().failingFor()) + ")"
                            : ""));
                }
                fencedAt = clock.instant();
                return;
            }
            step("fence", () -> {
                // Marked before it runs: a fence that fails half-way is undone like a whole one.
                sqlFenced = true;
                RegionDatabase.Fenced fenced = oldDb.fence(strong == StrongFence.CONNECTIONS);
                oldFinalLsn = fenced.finalLsn();
                return from.name() + " is " + describe(fenced);
            });
            fencedAt = clock.instant();
            step("catch-up", () -> {
                String last = oldFinalLsn;
                ReplicationLag lag = LagMeter.awaitReplay(newDb, last, tools.limits().catchUp());
                lagAtPromotion = Optional.of(lag);
                return lag.caughtUp() ? to.name() + " replayed " + from.name() + "'s last WAL (" + last + ")"
                        : "after waiting " + Seconds.text(tools.limits().catchUp()) + ", " + to.name() + " is still "
                        + lag.describe() + "; promoting anyway (the gates allowed it)";
            });
            if (strong == StrongFence.COMMAND) {
                fenceCommand(true);
            } else if (strong == StrongFence.STOP) {
                step("stop-old-primary", () -> {
                    LocalServer.stop(from.dataDirectory(), "fast");
                    stoppedOld = true;
                    return from.name() + "'s server is stopped (data directory " + from.dataDirectory() + ")";
                });
            }
        }

        /**
         * Runs the region's fenceCommand and confirms it: afterwards the old primary must not answer. A command that
         * exits 0 while the server still answers did not fence it.
         */
        private void fenceCommand(boolean answeredBefore) throws StepFailedException {
            step("fence-command", () -> {
                commandFenced = true;
                Map<String, String> env = new LinkedHashMap<>();
                env.put("DR_REGION", from.name());
                env.put("DR_DATABASE_URL", oldDb.url().toString());
                env.put("DR_NEW_PRIMARY", to.name());
                if (from.dataDirectory() != null) {
                    env.put("DR_DATA_DIRECTORY", from.dataDirectory().toString());
                }
                String output = FenceCommand.run(from.name(), from.fenceCommand(), env, tools.limits().command());
                long deadline = System.nanoTime() + tools.limits().fenceConfirm().toNanos();
                while (oldDb.answers()) {
                    if (System.nanoTime() > deadline) {
                        throw new StepFailedException("fenceCommand of " + from.name() + " exited 0 but "
                                + oldDb.describe() + " still answers " + Seconds.text(tools.limits().fenceConfirm())
                                + " later: it is not fenced (output: " + output + ")");
                    }
                    Thread.sleep(100);
                }
                return "fenceCommand of " + from.name() + " done and " + oldDb.describe() + " no longer answers"
                        + (answeredBefore ? "" : " (it did not answer before either)") + "; output: " + output;
            });
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
                return ensureWritable(newDb.describe() + " accepts writes");
            });
        }

        /**
         * A server fenced in an earlier failover keeps the fence (postgresql.auto.conf, pg_database; pg_rewind leaves
         * them when nothing diverged): a new primary must take writes whatever its history.
         */
        private String ensureWritable(String done) throws SQLException, InterruptedException {
            if (!newDb.takesConnections() || "on".equals(newDb.setting("default_transaction_read_only"))) {
                newDb.unfence();
                return done + " (the fence it carried, replicated from the old primary or left from an earlier failover, was reset)";
            }
            return done;
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

        /**
         * A fenced old primary gets its writes back when no standby was promoted: someone must be writable. Only when the
         * target answers that it is still in recovery: a promote that timed out may still finish, and unfencing then
         * would leave two writable servers.
         *
         * @return whether the old primary writes again (or was never fenced)
         */
        private boolean undoFence() {
            if (!sqlFenced && !stoppedOld) {
                return true;
            }
            boolean targetStandby;
            try {
                targetStandby = newDb.answers() && newDb.inRecovery();
            } catch (SQLException e) {
                targetStandby = false;
            }
            if (commandFenced && !oldDb.answers()) {
                String why = "left " + from.name() + " fenced: its fenceCommand ran, which only its owner can undo "
                        + "(start the server again, then rerun the failover or unfence it); nothing was promoted";
                steps.add(new Step("undo-fence", Step.Status.FAILED, clock.instant(), 0, why));
                progress.info(why);
                return false;
            }
            if (!targetStandby) {
                String why = "left " + from.name() + " fenced: " + newDb.describe() + " does not answer that it is still "
                        + "a standby, so it may have been promoted; once it is known to be one, unfence " + from.name()
                        + " by rerunning the failover (it rolls back when refused) or promote " + to.name() + " with: "
                        + resumeCommand(to);
                steps.add(new Step("undo-fence", Step.Status.FAILED, clock.instant(), 0, why));
                progress.info(why);
                return false;
            }
            try {
                step("undo-fence", () -> {
                    if (stoppedOld) {
                        LocalServer.start(from.dataDirectory());
                    }
                    oldDb.unfence();
                    return from.name() + " accepts writes again (nothing was promoted)";
                });
                return true;
            } catch (StepFailedException e) {
                progress.info("could not give " + from.name() + " its writes back: " + e.getMessage()
                        + "; no region accepts writes now: promote one by hand");
                return false;
            }
        }

        /**
         * Finishes a failover whose target an earlier run promoted: the old primary fenced again when it writes (a
         * promoted target is never given up), DNS switched, post-checks; the gates are not asked again.
         */
        FailoverResult resume() {
            // Without a record (--resume) the server says it: the target is promoted, so what is left is counted from there.
            record = earlier.orElseGet(() -> FailoverRecord.start(newId(), from.name(), to.name(), request.force(),
                    startedAt).passed(FailoverRecord.GATES, startedAt).passed(FailoverRecord.PROMOTED, startedAt))
                    .forcedNow(request.force());
            List<Gate> gates = List.of(new Gate("target already promoted", true, newDb.describe()
                    + " is not in recovery: an earlier run promoted it" + earlier.map(r -> " (failover " + r.id()
                    + ", done: " + String.join(", ", r.done()) + ")").orElse(" (no record of it: --resume)")));
            gates.forEach(g -> progress.info(g.toString()));
            decidedAt = clock.instant();
            if (request.dryRun()) {
                List<Step> plan = new ArrayList<>();
                plan.add(Step.planned("fence", "fence " + from.name() + " again if it still takes writes"));
                plan.add(Step.planned("promote", "nothing: " + to.name() + " is promoted"));
                plan.add(Step.planned("switch-dns", DnsStep.plan(to)));
                plan.add(Step.planned("post-checks", "write a marker on " + to.name() + ", run its checks"
                        + (DnsStep.switches(to) ? ", read the DNS record back" : "")));
                return result(gates, plan, false, false, false, null);
            }
            progress.phase("resuming the failover from " + from.name() + " to " + to.name() + ": " + to.name()
                    + " is promoted");
            Incident incident = Incident.open(tools.notifier(), clock, rtoStart(), request.drillId()
                    .map(id -> "DR drill " + id + ": ").orElse("") + "database failover from " + from.name() + " to "
                    + to.name() + " (finishing)", impact(), List.of(newDb.describe() + " was promoted by an earlier run; "
                    + "finishing: " + String.join(", ", remainingStages())));
            String failure = null;
            try (DnsStep dns = new DnsStep(to, tools.dns(), progress)) {
                try {
                    refence();
                    passed(FailoverRecord.FENCED);
                    step("promote", () -> {
                        promotedAt = clock.instant();
                        return ensureWritable(newDb.describe() + " was promoted by an earlier run");
                    });
                    passed(FailoverRecord.PROMOTED);
                    switchDns(dns);
                    passed(FailoverRecord.DNS_SWITCHED);
                    postChecks(dns);
                    passed(FailoverRecord.POST_CHECKS);
                    healthyAt = clock.instant();
                } catch (StepFailedException e) {
                    failure = e.getMessage();
                    progress.info("FAILED: " + failure);
                }
            }
            return finish(incident, gates, request.force(), failure);
        }

        /** After a promotion the old primary must not take writes: fence it again if it answers as a primary. */
        private void refence() throws StepFailedException {
            boolean answers = oldDb.answers();
            boolean primary = false;
            if (answers) {
                try {
                    primary = !oldDb.inRecovery();
                } catch (SQLException e) {
                    primary = true; // cannot tell: fence it to be sure
                }
            }
            StrongFence strong = strongFence();
            if (answers && primary) {
                step("fence", () -> {
                    RegionDatabase.Fenced fenced = oldDb.fence(strong == StrongFence.CONNECTIONS);
                    String detail = describe(fenced);
                    if (strong == StrongFence.STOP) {
                        LocalServer.stop(from.dataDirectory(), "fast");
                        detail += "; its server is stopped (data directory " + from.dataDirectory() + ")";
                    }
                    return "fenced again after the promotion: " + detail;
                });
                if (strong == StrongFence.COMMAND) {
                    fenceCommand(true);
                }
            } else if (answers) {
                skip("fence", from.name() + " is a standby now: nothing to fence");
            } else if (strong == StrongFence.COMMAND) {
                fenceCommand(false);
            } else if (strong == StrongFence.STOP && LocalServer.running(from.dataDirectory())) {
                step("fence", () -> {
                    LocalServer.stop(from.dataDirectory(), "immediate");
                    return from.name() + " did not answer but its server still ran: stopped it (immediate)";
                });
            } else {
                skip("fence", from.name() + " does not answer: nothing to fence");
            }
            fencedAt = clock.instant();
        }

        /** The stages not yet passed, as people read them. */
        private List<String> remainingStages() {
            List<String> left = new ArrayList<>();
            for (String stage : List.of(FailoverRecord.FENCED, FailoverRecord.PROMOTED, FailoverRecord.DNS_SWITCHED,
                    FailoverRecord.POST_CHECKS)) {
                if (record == null || !record.has(stage)) {
                    left.add(stage);
                }
            }
            return left;
        }

        /** What is left after a stop, one line per step, with what the step would do. */
        private List<String> remaining() {
            if (!record.has(FailoverRecord.PROMOTED)) {
                return List.of();
            }
            List<String> left = new ArrayList<>();
            if (!record.has(FailoverRecord.FENCED)) {
                left.add("fence " + from.name() + " (it may still take writes)");
            }
            if (!record.has(FailoverRecord.DNS_SWITCHED) && DnsStep.switches(to)) {
                left.add("switch-dns: " + DnsStep.plan(to));
            }
            if (!record.has(FailoverRecord.POST_CHECKS)) {
                left.add("post-checks: write a marker on " + to.name() + ", run its checks"
                        + (DnsStep.switches(to) ? ", read the DNS record back" : ""));
            }
            return left;
        }

        /** {@code dr failover --resume}, and the provider's own command for the DNS switch when that is left. */
        private List<String> finishCommands() {
            List<String> commands = new ArrayList<>();
            commands.add(resumeCommand(to));
            if (!record.has(FailoverRecord.DNS_SWITCHED) && DnsStep.switches(to)) {
                commands.add(DnsStep.manualCommand(to));
            }
            return commands;
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

    private static String describe(RegionDatabase.Fenced fenced) {
        if (!fenced.refused()) {
            return "read-only (default_transaction_read_only = on), " + fenced.sessionsEnded()
                    + " client session(s) ended; last WAL position " + fenced.finalLsn();
        }
        return "read-only (default_transaction_read_only = on), " + (fenced.databases().isEmpty()
                ? "its databases already refused connections" : "connections refused to " + String.join(", ",
                fenced.databases())) + " (ALLOW_CONNECTIONS false), " + fenced.sessionsEnded()
                + " client session(s) ended, none left; last WAL position " + fenced.finalLsn();
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

    /** The fence that holds when the read-only default does not. */
    private enum StrongFence {
        COMMAND, STOP, CONNECTIONS
    }

    @FunctionalInterface
    private interface StepAction {
        String run() throws Exception;
    }
}
