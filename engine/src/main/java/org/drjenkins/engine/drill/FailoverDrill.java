package org.drjenkins.engine.drill;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.Targets;
import org.drjenkins.engine.failover.FailoverRequest;
import org.drjenkins.engine.failover.FailoverResult;
import org.drjenkins.engine.failover.FailoverLease;
import org.drjenkins.engine.failover.FailoverLeases;
import org.drjenkins.engine.failover.FailoverService;
import org.drjenkins.engine.failover.LagMeter;
import org.drjenkins.engine.failover.LocalServer;
import org.drjenkins.engine.failover.MarkerWriter;
import org.drjenkins.engine.failover.PrimaryLocator;
import org.drjenkins.engine.failover.RegionChecks;
import org.drjenkins.engine.failover.RegionDatabase;
import org.drjenkins.engine.failover.ReplicationLag;
import org.drjenkins.engine.failover.Seconds;
import org.drjenkins.engine.failover.Step;
import org.drjenkins.engine.config.DnsProvider;
import org.drjenkins.engine.failover.dns.DnsSwitcher;
import org.drjenkins.engine.failover.health.Detection;
import org.drjenkins.engine.failover.health.HealthCheck;
import org.drjenkins.engine.failover.health.HealthMonitor;
import org.drjenkins.engine.failover.health.HealthResult;
import org.drjenkins.engine.failover.health.ProbeListener;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.util.Parameter;

/**
 * The database-failover drill (and, with {@code wholeRegion}, the region-failover drill): steady state with a marker
 * writer on the primary, the fault, detection as {@code dr watch} does it, the failover, steady state on the new
 * primary, and a rollback that runs on every exit path: the old primary rejoins as a standby (and, if asked, takes over
 * again), or, when nothing was promoted, comes back as it was. It always ends with one writable primary.
 */
final class FailoverDrill {

    private final DrConfig config;
    private final DrillTools tools;
    private final DrillOptions options;
    private final Clock clock;
    private final Progress progress;
    private final boolean wholeRegion;
    private final String drillId;
    private final Region source;
    private final Region target;
    private final Duration interval;
    private final Duration threshold;

    final List<ComponentResult> components = new ArrayList<>();
    final List<FailoverResult> failovers = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    /** @throws InvalidRequestException when the drill could not inject its fault or could not roll back */
    FailoverDrill(DrConfig config, DrillTools tools, DrillOptions options, Clock clock, Progress progress,
            boolean wholeRegion, String drillId) {
        this.config = config;
        this.tools = tools;
        this.options = options;
        this.clock = clock;
        this.progress = progress;
        this.wholeRegion = wholeRegion;
        this.drillId = drillId;
        this.source = PrimaryLocator.locate(config, tools.failover().pgPassword(), options.target());
        this.target = chooseTarget();
        this.interval = options.interval().orElse(config.thresholds().healthCheckInterval());
        this.threshold = options.threshold().orElse(config.thresholds().failoverThreshold());
        checkDrillable();
    }

    private Region chooseTarget() {
        if (options.target().isPresent()) {
            Region region = config.region(options.target().get()).orElseThrow(() -> InvalidRequestException.of(Parameter.TO.given(
                    options.target().get()), ": no such region; configured: " + String.join(", ",
                    config.regions().stream().map(Region::name).toList())));
            RegionDatabase.of(region, tools.failover().pgPassword());
            return region;
        }
        return config.regions().stream().filter(r -> r.database() != null && !r.name().equals(source.name())).findFirst()
                .orElseThrow(() -> new InvalidRequestException("no region besides " + source.name() + " has a database "
                        + "to fail over to: add database: to a secondary region in dr.yaml"));
    }

    /** A drill that could not break the primary, or could not mend it afterwards, must not start. */
    private void checkDrillable() {
        RegionDatabase.of(source, tools.failover().pgPassword());
        if (source.dataDirectory() == null && source.faultCommand() == null) {
            throw new InvalidRequestException("cannot inject a fault into " + source.name() + ": give it a dataDirectory "
                    + "(its server runs here) or a faultCommand");
        }
        requireRejoin(source, target);
        if (options.switchBack()) {
            requireRejoin(target, source);
        }
    }

    private static void requireRejoin(Region old, Region primary) {
        // Only the old primary's data directory must be here: pg_rewind and pg_basebackup reach the new one by URL.
        if (old.dataDirectory() == null && old.rejoinCommand() == null) {
            throw new InvalidRequestException("cannot roll back: " + old.name() + " could not rejoin as a standby of "
                    + primary.name() + "; give " + old.name() + " a dataDirectory (its server runs here: pg_rewind or a"
                    + " base backup) or a rejoinCommand");
        }
    }

    /** How the outage is detected, and whether the drill shortened the plan's settings. */
    String detection() {
        boolean shortened = !interval.equals(config.thresholds().healthCheckInterval())
                || !threshold.equals(config.thresholds().failoverThreshold());
        return "every check of " + source.name() + " every " + Seconds.text(interval) + ", failover after "
                + Seconds.text(threshold) + " of failure" + (shortened ? " (shortened for the drill; the plan's are every "
                + Seconds.text(config.thresholds().healthCheckInterval()) + ", after "
                + Seconds.text(config.thresholds().failoverThreshold()) + ")" : " (the plan's settings)");
    }

    void run(PhaseRunner phases) {
        // The drill holds the plan's failover lease from before the fault until after the rollback, so that no watcher,
        // controller or operator fails over in between; its own failovers take nothing more while it holds it, and
        // take the lease themselves (so are refused while another holds it) when the drill could not.
        AtomicReference<FailoverLeases.Held> lease = new AtomicReference<>();
        FailoverLeases own = tools.failover().leases();
        FailoverLeases insideTheDrill = (regions, purpose) -> lease.get() != null ? () -> { } : own.take(regions, purpose);
        FailoverService service = new FailoverService(config, tools.failover().withLeases(insideTheDrill), clock, progress);
        RegionDatabase sourceDb = RegionDatabase.of(source, tools.failover().pgPassword());
        RegionDatabase targetDb = RegionDatabase.of(target, tools.failover().pgPassword());
        AtomicReference<MarkerWriter> writer = new AtomicReference<>();
        AtomicReference<Detection> detected = new AtomicReference<>();
        AtomicReference<FailoverResult> result = new AtomicReference<>();
        AtomicReference<Instant> faultAt = new AtomicReference<>();
        String scope = wholeRegion ? "region " + source.name() : "database";
        progress.info("drill " + drillId + ": from " + source.name() + " to " + target.name() + "; " + detection());
        try {
            phases.run("steady-state", scope, () -> {
                lease.set(takeLease(own));
                return steadyState(sourceDb, targetDb, writer);
            });
            phases.run("fault", scope, () -> {
                String detail = injectFault();
                faultAt.set(clock.instant());
                return detail;
            });
            phases.run("detection", scope, () -> {
                Detection d = detect();
                detected.set(d);
                return "every check of " + source.name() + " failed for " + Seconds.text(d.failingFor()) + " ("
                        + d.consecutiveFailures() + " rounds); first failure "
                        + Seconds.text(Duration.between(faultAt.get(), d.firstFailureAt())) + " after the fault";
            });
            phases.run("failover", scope, () -> {
                FailoverRequest request = FailoverRequest.to(target.name()).from(source.name()).detectedBy(detected.get())
                        .inDrill(drillId);
                if (writer.get() != null) {
                    request = request.measuredBy(writer.get());
                }
                FailoverResult r = service.run(request);
                failovers.add(r);
                result.set(r);
                stop(writer);
                if (!r.completed()) {
                    throw new PhaseFailedException(r.refused() ? "the failover gates refused: " + r.gates().stream()
                            .filter(g -> !g.passed()).map(g -> g.name() + " (" + g.detail() + ")").toList()
                            : "the failover stopped: " + r.failure() + "; done: " + r.doneSteps());
                }
                return target.name() + " took over in " + Seconds.text(r.rtoSeconds()) + " (detection to healthy); data "
                        + "lost: " + (r.rpoSeconds() == null ? "not measurable" : Seconds.text(r.rpoSeconds())) + " ("
                        + r.dataLoss().basis() + ")";
            });
            phases.run("steady-state-after", scope, () -> steadyStateAfter(targetDb));
        } finally {
            stop(writer);
            phases.always("rollback", scope, () -> rollback(service, sourceDb, targetDb));
            Optional.ofNullable(lease.getAndSet(null)).ifPresent(FailoverLeases.Held::close);
        }
        measure(result.get());
    }

    private FailoverLeases.Held takeLease(FailoverLeases leases) throws PhaseFailedException {
        try {
            String purpose = "drill " + drillId + ": failover " + source.name() + " -> " + target.name()
                    + " and its rollback";
            FailoverLeases.Held held = leases.take(config.regions(), purpose);
            progress.info("holding the failover lease of " + String.join(", ", config.regions().stream()
                    .map(Region::name).toList()) + " for " + purpose);
            return held;
        } catch (FailoverLease.NotTakenException e) {
            throw new PhaseFailedException("nothing was done: " + e.getMessage());
        }
    }

    private String steadyState(RegionDatabase sourceDb, RegionDatabase targetDb, AtomicReference<MarkerWriter> writer)
            throws Exception {
        if (!sourceDb.answers()) {
            throw new PhaseFailedException("the primary " + sourceDb.describe() + " does not answer");
        }
        if (sourceDb.inRecovery()) {
            throw new PhaseFailedException(sourceDb.describe() + " is in recovery, not a primary");
        }
        if (!targetDb.answers() || !targetDb.inRecovery()) {
            throw new PhaseFailedException(targetDb.describe() + " is not a standby in recovery");
        }
        MarkerWriter markers = MarkerWriter.start(sourceDb, options.markerInterval());
        writer.set(markers);
        Targets targets = config.targetsFor(FailoverService.DATABASE_TARGETS);
        ReplicationLag lag = new LagMeter(tools.failover().limits().lagGrace()).measure(sourceDb, targetDb);
        if (!lag.caughtUp() && (lag.lag() == null || lag.lag().compareTo(targets.rpo()) > 0)) {
            throw new PhaseFailedException(target.name() + " lags beyond the RPO target " + Seconds.text(targets.rpo())
                    + ": " + lag.describe());
        }
        long id = markers.lastCommitted().orElseThrow().id();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!targetDb.hasMarker(id)) {
            if (System.nanoTime() > deadline) {
                throw new PhaseFailedException("marker #" + id + " from " + source.name() + " did not reach " + target.name()
                        + " within 30s: replication is not working");
            }
            Thread.sleep(20);
        }
        String checks = "";
        if (wholeRegion) {
            List<HealthResult> results = RegionChecks.probe(RegionChecks.of(target, tools.failover().pgPassword()));
            if (!results.stream().allMatch(HealthResult::healthy)) {
                throw new PhaseFailedException("the checks of " + target.name() + " fail before the drill: " + results);
            }
            checks = "; " + results.size() + " check(s) of " + target.name() + " pass";
        }
        return source.name() + " takes writes (a marker every " + Seconds.text(options.markerInterval()) + "), "
                + target.name() + " is a standby " + lag.describe() + ", marker #" + id + " replicated" + checks;
    }

    private String injectFault() throws Exception {
        boolean command = source.faultCommand() != null && (wholeRegion || source.dataDirectory() == null);
        if (command) {
            String out = ShellCommand.run("faultCommand of " + source.name(), source.faultCommand(), tools.env(),
                    Map.of("DR_REGION", source.name(), "DR_DATABASE_URL", source.database()), Duration.ofMinutes(10));
            return "ran the faultCommand of " + source.name() + ": " + out;
        }
        LocalServer.stop(source.dataDirectory(), "immediate");
        return "stopped the server of " + source.name() + " like a crash (immediate shutdown)";
    }

    private Detection detect() throws Exception {
        List<HealthCheck> checks = RegionChecks.of(source, tools.failover().pgPassword(), probeTimeout());
        HealthMonitor monitor = new HealthMonitor(checks, interval, threshold, ProbeListener.lines(progress::info));
        // The phase's budget bounds the wait: it interrupts the monitor.
        return monitor.awaitSustainedFailure(Duration.ofDays(1)).orElseThrow(() -> new PhaseFailedException(
                source.name() + " stayed healthy: the fault was not detected"));
    }

    private Duration probeTimeout() {
        Duration timeout = interval.compareTo(RegionChecks.DEFAULT_TIMEOUT) < 0 ? interval : RegionChecks.DEFAULT_TIMEOUT;
        return timeout.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : timeout;
    }

    private String steadyStateAfter(RegionDatabase targetDb) throws Exception {
        long first = -1;
        long last = -1;
        for (int i = 0; i < 5; i++) {
            long id = targetDb.writeMarker().id();
            first = first < 0 ? id : first;
            last = id;
            Thread.sleep(options.markerInterval().toMillis());
        }
        if (!targetDb.hasMarker(last)) {
            throw new PhaseFailedException("marker #" + last + " written on " + target.name() + " cannot be read back");
        }
        List<HealthResult> results = RegionChecks.probe(RegionChecks.of(target, tools.failover().pgPassword()));
        if (!results.stream().allMatch(HealthResult::healthy)) {
            throw new PhaseFailedException("checks of " + target.name() + " fail on the new primary: " + results);
        }
        return target.name() + " takes writes: markers #" + first + " to #" + last + " written and read back; "
                + results.size() + " check(s) pass";
    }

    /** Whatever state the drill stopped in, back to one writable primary with a standby following it. */
    private String rollback(FailoverService service, RegionDatabase sourceDb, RegionDatabase targetDb) throws Exception {
        List<String> done = new ArrayList<>();
        Rejoiner rejoiner = new Rejoiner(tools.failover().pgPassword(), tools.env(), progress);
        Region primary;
        if (isPrimary(targetDb)) {
            done.add(rejoiner.rejoin(source, target));
            primary = target;
            if (options.switchBack()) {
                FailoverResult back = service.run(FailoverRequest.to(source.name()).from(target.name()).inDrill(drillId));
                failovers.add(back);
                if (!back.completed()) {
                    throw new PhaseFailedException("switching back to " + source.name() + " failed: "
                            + (back.refused() ? "refused by its gates " + back.gates() : back.failure()) + "; "
                            + target.name() + " stays primary (" + String.join("; ", done) + ")");
                }
                done.add("switched back to " + source.name() + " in " + Seconds.text(back.rtoSeconds()));
                done.add(rejoiner.rejoin(target, source));
                primary = source;
            }
        } else {
            primary = restoreSource(service, sourceDb, targetDb, rejoiner, done);
        }
        pointDnsAt(primary).ifPresent(done::add);
        done.add(verify(primary));
        return String.join("; ", done);
    }

    /** Nothing was promoted: undo the fault, or (when it cannot be undone here) finish the failover after all. */
    private Region restoreSource(FailoverService service, RegionDatabase sourceDb, RegionDatabase targetDb,
            Rejoiner rejoiner, List<String> done) throws Exception {
        if (!sourceDb.answers() && source.dataDirectory() != null) {
            LocalServer.start(source.dataDirectory());
            done.add("restarted " + source.name() + " (nothing had been promoted)");
        }
        if (sourceDb.answers()) {
            sourceDb.unfence();
            done.add(Rejoiner.proveReplication(targetDb, sourceDb));
            return source;
        }
        FailoverResult forced = service.run(FailoverRequest.to(target.name()).from(source.name()).forced(true)
                .inDrill(drillId));
        failovers.add(forced);
        if (!forced.completed()) {
            throw new PhaseFailedException(source.name() + " is down and cannot be restarted here, and promoting "
                    + target.name() + " failed: " + forced.failure() + "; NO REGION ACCEPTS WRITES: promote one by hand");
        }
        done.add(source.name() + " could not be restarted here: promoted " + target.name() + " instead (forced)");
        done.add(rejoiner.rejoin(source, target));
        return target;
    }

    /** After a rollback DNS must name the primary, whatever step the drill stopped at. */
    private Optional<String> pointDnsAt(Region primary) {
        if (primary.dns() == null || primary.dns().settings().provider() == DnsProvider.NONE) {
            return Optional.empty();
        }
        try (DnsSwitcher switcher = tools.failover().dns().open(primary.dns().settings())) {
            if (switcher.current().values().stream().anyMatch(v -> same(v, primary.dns().value()))) {
                return Optional.empty();
            }
            switcher.point(primary.dns().value());
            return Optional.of("DNS pointed back at " + primary.name() + " (" + primary.dns().value() + ")");
        } catch (RuntimeException e) {
            return Optional.of("could not point DNS at " + primary.name() + ": " + e.getMessage());
        }
    }

    /** Exactly one writable primary, the other region a standby following it. */
    private String verify(Region primary) throws Exception {
        Region standby = primary == source ? target : source;
        RegionDatabase primaryDb = RegionDatabase.of(primary, tools.failover().pgPassword());
        RegionDatabase standbyDb = RegionDatabase.of(standby, tools.failover().pgPassword());
        if (!isPrimary(primaryDb)) {
            throw new PhaseFailedException(primary.name() + " should be the primary but is not writable");
        }
        primaryDb.writeMarker();
        if (!standbyDb.answers() || !standbyDb.inRecovery()) {
            throw new PhaseFailedException(standby.name() + " should follow " + primary.name() + " but is not a standby");
        }
        return "end state: " + primary.name() + " is the writable primary, " + standby.name() + " its standby";
    }

    private static boolean isPrimary(RegionDatabase db) {
        try {
            return db.answers() && !db.inRecovery();
        } catch (SQLException e) {
            return false;
        }
    }

    private static boolean same(String a, String b) {
        String x = a.trim().toLowerCase(java.util.Locale.ROOT);
        String y = b.trim().toLowerCase(java.util.Locale.ROOT);
        return x.replaceAll("\\.$", "").equals(y.replaceAll("\\.$", ""));
    }

    private static void stop(AtomicReference<MarkerWriter> writer) {
        MarkerWriter w = writer.get();
        if (w != null) {
            w.close();
        }
    }

    /** RTO/RPO per component from the drill's failover. */
    private void measure(FailoverResult result) {
        Targets database = config.targetsFor(FailoverService.DATABASE_TARGETS);
        boolean done = result != null && result.completed();
        components.add(new ComponentResult("database", done ? result.rtoSeconds() : null, Seconds.of(database.rto()),
                done ? result.rpoSeconds() : null, Seconds.of(database.rpo()), true, done
                ? "RTO from the first failed probe to the post-checks passing; RPO " + result.dataLoss().basis()
                : "the failover did not complete"));
        if (!wholeRegion) {
            return;
        }
        if (target.dns() != null && target.dns().settings().provider() != DnsProvider.NONE) {
            Targets dns = config.targetsFor("dns");
            Optional<Step> step = done ? result.steps().stream().filter(s -> s.name().equals("switch-dns")
                    && s.status() == Step.Status.DONE).findFirst() : Optional.empty();
            components.add(new ComponentResult("dns", step.map(Step::seconds).orElse(null), Seconds.of(dns.rto()), null,
                    Seconds.of(dns.rpo()), false, step.isPresent() ? "from the update to the server answering "
                    + target.dns().value() : "the DNS record was not switched"));
        } else {
            notes.add("region " + target.name() + " has no dns: the DNS switch was not drilled");
        }
        if (!target.healthChecks().isEmpty()) {
            Targets application = config.targetsFor("application");
            components.add(new ComponentResult("application", done ? result.rtoSeconds() : null,
                    Seconds.of(application.rto()), null, Seconds.of(application.rpo()), false, done
                    ? "from the first failed probe to every health check of " + target.name() + " passing"
                    : "the failover did not complete"));
        }
    }
}
