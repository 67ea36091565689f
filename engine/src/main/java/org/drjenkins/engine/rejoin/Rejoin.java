package org.drjenkins.engine.rejoin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.failover.RegionDatabase;
import org.drjenkins.engine.failover.Seconds;
import org.drjenkins.engine.postgres.ClusterDirectory;
import org.drjenkins.engine.postgres.PgConnections;
import org.drjenkins.engine.postgres.PostgresException;
import org.drjenkins.engine.process.ShellRunner;
import org.drjenkins.engine.progress.Progress;
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
 */
public final class Rejoin {

    private final Optional<String> pgPassword;
    private final Map<String, String> env;
    private final Progress progress;
    private final RejoinLimits limits;

    /**
     * @param env the caller's environment laid over this JVM's for the rejoinCommand (in Jenkins the step's
     *            credential variables; masked in its output)
     */
    public Rejoin(Optional<String> pgPassword, Map<String, String> env, Progress progress, RejoinLimits limits) {
        this.pgPassword = pgPassword;
        this.env = env;
        this.progress = progress;
        this.limits = limits;
    }

    /**
     * @throws RejoinRefusedException nothing changed: the servers are not in a state a rejoin may touch
     * @throws RejoinException        a step failed or the proof did not come
     */
    public RejoinResult rejoin(Region old, Region primary) throws RejoinException, InterruptedException {
        RegionDatabase oldDb = RegionDatabase.of(old, pgPassword);
        RegionDatabase newDb = RegionDatabase.of(primary, pgPassword);
        refuseUnlessFailedOver(old, oldDb, primary, newDb);
        long start = System.nanoTime();
        if (isStandby(oldDb)) {
            // A rerun after a rejoin that was not proven in time, or a server that already follows: prove it only.
            try {
                String proof = ReplicationProof.prove(oldDb, newDb, limits.proof());
                return new RejoinResult(old.name(), primary.name(), "nothing (it already followed)",
                        Duration.ofNanos(System.nanoTime() - start), proof);
            } catch (RejoinException e) {
                progress.info(old.name() + " is a standby but does not follow " + primary.name() + " ("
                        + e.getMessage() + "); rejoining it");
            }
        }
        String method;
        Optional<Path> aside = Optional.empty();
        if (old.dataDirectory() != null) {
            ClusterDirectory cluster = localCluster(old, oldDb);
            String failure;
            try {
                Rejoined here = rejoinHere(old, cluster, newDb);
                aside = here.aside();
                method = here.method();
                failure = null;
            } catch (PostgresException e) {
                failure = e.getMessage();
                method = null;
            }
            if (failure != null) {
                if (old.rejoinCommand() == null) {
                    throw new RejoinException("cannot rejoin " + old.name() + " here: " + failure + "; fix that, or give "
                            + old.name() + " a rejoinCommand");
                }
                progress.info("rejoin of " + old.name() + " here failed (" + failure + "); running its rejoinCommand");
                runCommand(old, primary);
                method = "its rejoinCommand (here: " + failure + ")";
            }
        } else if (old.rejoinCommand() != null) {
            runCommand(old, primary);
            method = "its rejoinCommand";
        } else {
            throw new RejoinRefusedException("cannot rejoin " + old.name() + " as a standby of " + primary.name()
                    + ": give " + old.name() + " a dataDirectory (its server runs on this machine: pg_rewind or a base "
                    + "backup) or a rejoinCommand");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        progress.info(old.name() + " started as a standby of " + primary.name() + " with " + method
                + "; proving it with a marker");
        String proof = ReplicationProof.prove(oldDb, newDb, limits.proof());
        aside.ifPresent(this::deleteAside);
        return new RejoinResult(old.name(), primary.name(), method, took, proof);
    }

    /** How a rejoin on this machine went: the method, and the old data directory a base backup moved aside. */
    private record Rejoined(String method, Optional<Path> aside) {
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

    private Rejoined rejoinHere(Region old, ClusterDirectory cluster, RegionDatabase newDb)
            throws PostgresException, InterruptedException {
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
            cluster.start();
            return new Rejoined("pg_rewind", Optional.empty());
        } catch (PostgresException e) {
            rewindFailure = e.getMessage();
            progress.info("pg_rewind of " + old.name() + " failed (" + e.getMessage() + "); taking a fresh base backup");
        }
        stop(cluster);
        Path aside = cluster.rebuildFrom(newDb.url(), pgEnv, limits.tool());
        cluster.start();
        return new Rejoined("a fresh base backup (pg_rewind failed: " + rewindFailure + ")", Optional.of(aside));
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
