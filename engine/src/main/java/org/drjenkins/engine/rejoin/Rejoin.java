package org.drjenkins.engine.rejoin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.failover.FailoverLease;
import org.drjenkins.engine.failover.FailoverLeases;
import org.drjenkins.engine.failover.RegionDatabase;
import org.drjenkins.engine.failover.Seconds;
import org.drjenkins.engine.postgres.ClusterDirectory;
import org.drjenkins.engine.postgres.PgConnections;
import org.drjenkins.engine.postgres.PostgresException;
import org.drjenkins.engine.process.ShellRunner;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.storage.StoreProvider;
import org.drjenkins.engine.util.TempFiles;

/**
 * Brings a failed-over old primary back as a standby of the new one. The one rejoin of the engine: {@code dr rejoin},
 * the drill's rollback and the {@code drRejoin} step all run it.
 * <ol>
 * <li>Refuses, changing nothing, when the old primary still takes writes or the other region is no primary.</li>
 * <li>When the old region's {@code dataDirectory} is on this machine (any cluster: plain initdb, pg_createcluster,
 * configuration outside the data directory): stops it, {@code pg_rewind -R} from the new primary, and starts it with
 * its own configuration and start options.</li>
 * <li>When pg_rewind refuses (no data checksums nor wal_log_hints, WAL gone): a fresh base backup
 * ({@code pg_basebackup -R}) replaces the data directory, its configuration kept.</li>
 * <li>Else (or when the base backup fails too) the region's {@code rejoinCommand}.</li>
 * </ol>
 * Done only when a marker written on the new primary has replayed on the rejoined standby.
 * <p>
 * It holds the plan's failover lease ({@link FailoverLeases}, the one {@code dr failover}, {@code dr watch}, drills and
 * drFailover take) while it acts, so no failover changes the regions under it and it never rewinds a server a failover
 * is promoting; another holder refuses it, naming who. Each step is written to both regions' buckets as it passes
 * ({@link RejoinJournal}): a rerun after a failure part-way continues from the first unfinished step, and the failure
 * says what is left.
 */
public final class Rejoin {

    private final Optional<String> pgPassword;
    private final Map<String, String> env;
    private final Progress progress;
    private final RejoinLimits limits;
    private final FailoverLeases leases;
    private final List<Region> leaseRegions;
    private final RejoinJournal journal;
    private final Clock clock;
    /** The record outlives this process, so a failure's message may send the user to a rerun. */
    private final boolean rerunContinues;

    /**
     * A rejoin inside something that already holds the plan's failover lease for its whole length (a drill's rollback):
     * it takes no lease, and its record stays in this process (the drill's report is the record).
     *
     * @param env the caller's environment laid over this JVM's for the rejoinCommand (in Jenkins the step's
     *            credential variables; masked in its output)
     */
    public Rejoin(Optional<String> pgPassword, Map<String, String> env, Progress progress, RejoinLimits limits) {
        this(pgPassword, env, progress, limits, FailoverLeases.alreadyHeld(), List.of(), RejoinJournal.inMemory(),
                Clock.systemUTC(), false);
    }

    /**
     * @param leases       the plan's failover lease, taken for the rejoin's whole length
     * @param leaseRegions every region of the plan: the lease is a majority of their buckets
     * @param journal      where each step is recorded as it passes
     */
    public Rejoin(Optional<String> pgPassword, Map<String, String> env, Progress progress, RejoinLimits limits,
            FailoverLeases leases, List<Region> leaseRegions, RejoinJournal journal, Clock clock) {
        this(pgPassword, env, progress, limits, leases, leaseRegions, journal, clock, true);
    }

    private Rejoin(Optional<String> pgPassword, Map<String, String> env, Progress progress, RejoinLimits limits,
            FailoverLeases leases, List<Region> leaseRegions, RejoinJournal journal, Clock clock,
            boolean rerunContinues) {
        this.rerunContinues = rerunContinues;
        this.pgPassword = pgPassword;
        this.env = env;
        this.progress = progress;
        this.limits = limits;
        this.leases = leases;
        this.leaseRegions = List.copyOf(leaseRegions);
        this.journal = journal;
        this.clock = clock;
    }

    /**
     * As {@code dr rejoin} and drRejoin run it: the lease and the record in the buckets of the plan's regions.
     *
     * @param terms who holds the lease (the command or build) and how long it lives unrenewed
     */
    public static Rejoin forPlan(DrConfig plan, StoreProvider stores, FailoverLeases.Terms terms,
            Optional<String> pgPassword, Map<String, String> env, Progress progress, RejoinLimits limits) {
        return forPlan(plan, stores, terms, pgPassword, env, progress, limits, Clock.systemUTC());
    }

    public static Rejoin forPlan(DrConfig plan, StoreProvider stores, FailoverLeases.Terms terms,
            Optional<String> pgPassword, Map<String, String> env, Progress progress, RejoinLimits limits, Clock clock) {
        return new Rejoin(pgPassword, env, progress, limits, FailoverLeases.buckets(stores, terms, clock), plan.regions(),
                RejoinJournal.buckets(stores), clock);
    }

    /** The command that continues a rejoin of {@code old} that stopped part-way. */
    static String rerunCommand(Region old, Region primary) {
        return "dr rejoin --region " + old.name() + " --primary " + primary.name();
    }

    /**
     * @throws RejoinRefusedException nothing changed: another holder has the failover lease, or the servers are not
     *                                in a state a rejoin may touch
     * @throws RejoinException        a step failed or the proof did not come; the message says what is left
     */
    public RejoinResult rejoin(Region old, Region primary) throws RejoinException, InterruptedException {
        String purpose = "rejoin " + old.name() + " as a standby of " + primary.name();
        FailoverLeases.Held lease;
        try {
            lease = leases.take(leaseRegions, purpose);
        } catch (FailoverLease.NotTakenException e) {
            throw new RejoinRefusedException("cannot rejoin " + old.name() + " now, nothing was changed: " + e.getMessage());
        }
        try (FailoverLeases.Held held = lease) {
            if (!leaseRegions.isEmpty()) {
                progress.info("holding the failover lease of " + String.join(", ", leaseRegions.stream()
                        .map(Region::name).toList()) + " for " + purpose);
            }
            return new Run(old, primary).execute();
        }
    }

    /** One rejoin under the lease: its steps, each recorded as it passes. */
    private final class Run {

        private final Region old;
        private final Region primary;
        private final RegionDatabase oldDb;
        private final RegionDatabase newDb;
        private final List<Region> both;
        private RejoinRecord record;
        /** What an earlier run had done: the steps this one continues after. */
        private List<String> continued = List.of();

        Run(Region old, Region primary) {
            this.old = old;
            this.primary = primary;
            this.oldDb = RegionDatabase.of(old, pgPassword);
            this.newDb = RegionDatabase.of(primary, pgPassword);
            this.both = List.of(primary, old);
        }

        RejoinResult execute() throws RejoinException, InterruptedException {
            // Read under the lease: a rejoin that held it before us may have moved on.
            Optional<RejoinRecord> earlier = journal.newest(both)
                    .filter(r -> r.unfinished() && r.isFor(old.name(), primary.name()));
            refuseUnlessFailedOver(old, oldDb, primary, newDb);
            record = earlier.orElseGet(() -> RejoinRecord.start(newId(), old.name(), primary.name(), clock.instant()));
            earlier.ifPresent(r -> {
                continued = r.done().stream().filter(s -> !RejoinRecord.LEASE.equals(s)).toList();
                progress.info("continuing rejoin " + r.id() + " of " + old.name() + ", which stopped after: "
                        + (continued.isEmpty() ? "nothing" : String.join(", ", continued))
                        + (r.failure() == null ? "" : " (" + r.failure() + ")"));
            });
            save(record.passed(RejoinRecord.LEASE, clock.instant()));
            try {
                RejoinResult result = steps();
                save(record.passed(RejoinRecord.MARKER_REPLAYED, clock.instant())
                        .ended(RejoinRecord.COMPLETED, null, List.of(), clock.instant()));
                return new RejoinResult(result.region(), result.primary(), result.method(), result.took(),
                        result.proof(), record.done(), continued);
            } catch (RejoinException e) {
                List<String> left = remaining();
                save(record.ended(RejoinRecord.STOPPED, e.getMessage(), left, clock.instant()));
                String message = !rerunContinues ? e.getMessage() : e.getMessage() + "; done: "
                        + String.join(", ", record.done()) + "; left: " + String.join(", ", left) + "; a rerun ("
                        + rerunCommand(old, primary) + ", or drRejoin) continues from the first step left";
                throw e instanceof RejoinRefusedException
                        ? new RejoinRefusedException(message, record.done(), left)
                        : new RejoinException(message, record.done(), left);
            } catch (RuntimeException | InterruptedException e) {
                save(record.ended(RejoinRecord.STOPPED, String.valueOf(e.getMessage()), remaining(), clock.instant()));
                throw e;
            }
        }

        private RejoinResult steps() throws RejoinException, InterruptedException {
            long start = System.nanoTime();
            if (isStandby(oldDb)) {
                // A rerun after a rejoin that was not proven in time, or a server that already follows: prove it only.
                try {
                    String proof = ReplicationProof.prove(oldDb, newDb, limits.proof());
                    if (record.method() != null) {
                        record = record.passed(RejoinRecord.STARTED, clock.instant());
                    }
                    deleteAside();
                    return new RejoinResult(old.name(), primary.name(), record.method() == null
                            ? "nothing (it already followed)" : record.method(), Duration.ofNanos(System.nanoTime() - start),
                            proof);
                } catch (RejoinException e) {
                    progress.info(old.name() + " is a standby but does not follow " + primary.name() + " ("
                            + e.getMessage() + "); rejoining it");
                    continued = List.of();
                    save(record.resyncAgain(clock.instant()));
                }
            }
            String method;
            if (record.resynced() && old.dataDirectory() != null && startsAsStandby(old.dataDirectory())) {
                // An earlier run rewound or rebuilt it and configured it to follow; it stopped before the proof.
                ClusterDirectory cluster = localCluster(old, oldDb);
                method = record.method();
                progress.info("starting " + old.name() + ", resynchronised by an earlier run with " + method);
                try {
                    cluster.start();
                } catch (PostgresException e) {
                    throw new RejoinException("cannot start " + old.name() + " (" + cluster.dataDir() + "): "
                            + e.getMessage());
                }
                save(record.passed(RejoinRecord.STARTED, clock.instant()));
            } else {
                if (record.resynced()) {
                    continued = List.of();
                    save(record.resyncAgain(clock.instant()));
                }
                method = resync();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            progress.info(old.name() + " started as a standby of " + primary.name() + " with " + method
                    + "; proving it with a marker");
            String proof = ReplicationProof.prove(oldDb, newDb, limits.proof());
            deleteAside();
            return new RejoinResult(old.name(), primary.name(), method, took, proof);
        }

        /** pg_rewind, a base backup or the rejoinCommand; each step recorded; the server started as a standby. */
        private String resync() throws RejoinException, InterruptedException {
            if (old.dataDirectory() != null) {
                ClusterDirectory cluster = localCluster(old, oldDb);
                String failure;
                try {
                    return rejoinHere(cluster);
                } catch (PostgresException e) {
                    failure = e.getMessage();
                }
                if (old.rejoinCommand() == null) {
                    throw new RejoinException("cannot rejoin " + old.name() + " here: " + failure + "; fix that, or give "
                            + old.name() + " a rejoinCommand");
                }
                progress.info("rejoin of " + old.name() + " here failed (" + failure + "); running its rejoinCommand");
                return command("its rejoinCommand (here: " + failure + ")");
            } else if (old.rejoinCommand() != null) {
                return command("its rejoinCommand");
            }
            throw new RejoinRefusedException("cannot rejoin " + old.name() + " as a standby of " + primary.name()
                    + ": give " + old.name() + " a dataDirectory (its server runs on this machine: pg_rewind or a base "
                    + "backup) or a rejoinCommand");
        }

        private String command(String method) throws RejoinException, InterruptedException {
            runCommand(old, primary);
            // The command's job is all three: resync, configure as a standby, start.
            save(record.resynced(method, RejoinRecord.COMMAND, null, clock.instant())
                    .passed(RejoinRecord.CONFIGURED, clock.instant()).passed(RejoinRecord.STARTED, clock.instant()));
            return method;
        }

        private String rejoinHere(ClusterDirectory cluster) throws PostgresException, InterruptedException {
            progress.info("stopping " + old.name() + " (" + cluster.dataDir() + ") to rejoin it");
            stop(cluster);
            Map<String, String> pgEnv = pgEnv(newDb);
            String rewindFailure;
            try {
                // pg_rewind reads the source's timeline from its control file, which a promotion updates only at the
                // next checkpoint.
                newDb.execute("checkpoint");
            } catch (SQLException e) {
                throw new PostgresException("checkpoint on " + newDb.describe() + " failed: " + RegionDatabase.reason(e), e);
            }
            try {
                progress.info("pg_rewind of " + old.name() + " from " + newDb.region());
                cluster.rewindFrom(newDb.url(), pgEnv, limits.tool());
                save(record.resynced("pg_rewind", RejoinRecord.PG_REWIND, null, clock.instant()));
                configured(cluster);
                cluster.start();
                save(record.passed(RejoinRecord.STARTED, clock.instant()));
                return "pg_rewind";
            } catch (PostgresException e) {
                rewindFailure = e.getMessage();
                progress.info("pg_rewind of " + old.name() + " failed (" + e.getMessage() + "); taking a fresh base backup");
                if (record.resynced()) {
                    save(record.resyncAgain(clock.instant()));
                }
            }
            stop(cluster);
            Path aside = cluster.rebuildFrom(newDb.url(), pgEnv, limits.tool());
            String method = "a fresh base backup (pg_rewind failed: " + rewindFailure + ")";
            save(record.resynced(method, RejoinRecord.BASE_BACKUP, aside.toString(), clock.instant()));
            configured(cluster);
            cluster.start();
            save(record.passed(RejoinRecord.STARTED, clock.instant()));
            return method;
        }

        /** pg_rewind -R and pg_basebackup -R leave standby.signal and primary_conninfo; checked, not assumed. */
        private void configured(ClusterDirectory cluster) throws PostgresException {
            if (!startsAsStandby(cluster.dataDir())) {
                throw new PostgresException("the resync left no standby.signal in " + cluster.dataDir()
                        + ": the server would start as a primary");
            }
            save(record.passed(RejoinRecord.CONFIGURED, clock.instant()));
        }

        private void save(RejoinRecord next) {
            record = next;
            for (String problem : journal.writeAll(both, next)) {
                progress.info("WARNING: " + problem);
            }
        }

        /** The steps not done yet, in order, each as a rerun would do it. */
        private List<String> remaining() {
            List<String> left = new ArrayList<>();
            if (!record.has(RejoinRecord.PG_REWIND) && !record.has(RejoinRecord.BASE_BACKUP)
                    && !record.has(RejoinRecord.COMMAND)) {
                left.add("resync (" + RejoinRecord.PG_REWIND + ", else a " + RejoinRecord.BASE_BACKUP + ", else the "
                        + RejoinRecord.COMMAND + ")");
            }
            for (String step : List.of(RejoinRecord.CONFIGURED, RejoinRecord.STARTED, RejoinRecord.MARKER_REPLAYED)) {
                if (!record.has(step)) {
                    left.add(step);
                }
            }
            return left;
        }

        private void deleteAside() {
            if (record.aside() != null) {
                Rejoin.this.deleteAside(Path.of(record.aside()));
            }
        }

        private String newId() {
            return "rj-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                    .withZone(java.time.ZoneOffset.UTC).format(clock.instant()) + "-"
                    + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 6);
        }
    }

    private static boolean startsAsStandby(Path dataDir) {
        return Files.isRegularFile(dataDir.resolve("standby.signal"));
    }

    /**
     * The checks that make a rejoin safe: the new primary is one, and the old one will not lose writes it still
     * takes (a rewind or a base backup throws away what it wrote after the split).
     */
    static void refuseUnlessFailedOver(Region old, RegionDatabase oldDb, Region primary, RegionDatabase newDb)
            throws RejoinRefusedException {
        if (!newDb.answers()) {
            throw new RejoinRefusedException("cannot rejoin " + old.name() + ": " + primary.name() + " ("
                    + newDb.url() + ") does not answer; a standby needs a running primary to follow: start it, or "
                    + "name the region that is the primary now");
        }
        if (isStandby(newDb)) {
            throw new RejoinRefusedException("cannot rejoin " + old.name() + " as a standby of " + primary.name() + ": "
                    + primary.name() + " is itself a standby (in recovery); fail over to it first (dr failover --to "
                    + primary.name() + "), or name the region that is the primary now");
        }
        if (oldDb.answers() && !isStandby(oldDb) && oldDb.acceptsWrites()) {
            throw new RejoinRefusedException("cannot rejoin " + old.name() + ": it still accepts writes as a primary, "
                    + "and a rejoin would discard them; fail over first (dr failover --to " + primary.name()
                    + " fences it), or fence it by hand if " + primary.name() + " already took over");
        }
    }

    private static boolean isStandby(RegionDatabase db) {
        try {
            return db.inRecovery();
        } catch (SQLException e) {
            return false;
        }
    }

    /** The old region's cluster, with the configuration file its running server names (it may live outside). */
    private static ClusterDirectory localCluster(Region old, RegionDatabase oldDb) throws RejoinException {
        ClusterDirectory cluster;
        try {
            cluster = ClusterDirectory.at(old.dataDirectory());
        } catch (PostgresException e) {
            throw new RejoinRefusedException("region " + old.name() + ": dataDirectory " + e.getMessage());
        }
        if (!oldDb.answers()) {
            return cluster; // stopped or crashed: postmaster.opts says how it was started
        }
        try {
            Path running = Path.of(oldDb.setting("data_directory")).toRealPath();
            if (!running.equals(cluster.dataDir().toRealPath())) {
                throw new RejoinRefusedException("region " + old.name() + ": its server (" + oldDb.url()
                        + ") runs from " + running + ", not from its dataDirectory " + cluster.dataDir()
                        + "; set dataDirectory to " + running);
            }
            return cluster.withConfigFile(Path.of(oldDb.setting("config_file")));
        } catch (SQLException | IOException e) {
            // A server that stopped meanwhile: go by postmaster.opts.
            return cluster;
        }
    }

    private static void stop(ClusterDirectory cluster) throws PostgresException, InterruptedException {
        try {
            cluster.stop("fast");
        } catch (PostgresException e) {
            cluster.stop("immediate"); // pg_rewind recovers a crashed target itself
        }
    }

    private Map<String, String> pgEnv(RegionDatabase newDb) {
        Map<String, String> vars = new HashMap<>();
        PgConnections.effectivePassword(newDb.url(), pgPassword).ifPresent(p -> vars.put("PGPASSWORD", p));
        return vars;
    }

    private void runCommand(Region old, Region primary) throws RejoinException, InterruptedException {
        String what = "rejoinCommand of " + old.name();
        ShellRunner.Outcome outcome;
        try {
            outcome = ShellRunner.run(old.rejoinCommand(), limits.command(), env, Map.of(
                    "DR_REGION", old.name(), "DR_DATABASE_URL", old.database(),
                    "DR_NEW_PRIMARY_REGION", primary.name(), "DR_NEW_PRIMARY_URL", primary.database()));
        } catch (IOException e) {
            throw new RejoinException(what + " could not start: " + e.getMessage());
        }
        String tail = ShellRunner.masked(outcome.lastLines(5), env);
        if (outcome.timedOut()) {
            throw new RejoinException(what + " did not finish within " + Seconds.text(limits.command()) + ": " + tail);
        }
        if (outcome.exitCode() != 0) {
            throw new RejoinException(what + " exited " + outcome.exitCode() + ": " + tail);
        }
    }

    private void deleteAside(Path aside) {
        try {
            if (Files.exists(aside)) {
                TempFiles.deleteRecursively(aside);
            }
        } catch (RuntimeException e) {
            progress.info("could not delete the old data directory " + aside + ": " + e.getMessage());
        }
    }
}
