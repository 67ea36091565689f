package org.drjenkins.engine.drill;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.failover.LocalServer;
import org.drjenkins.engine.failover.Marker;
import org.drjenkins.engine.failover.RegionDatabase;
import org.drjenkins.engine.failover.Seconds;
import org.drjenkins.engine.postgres.ClusterOptions;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.postgres.PostgresException;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.util.TempFiles;

/**
 * Brings a failed-over old primary back as a standby of the new one: with pg_rewind when both servers are local
 * clusters, with a fresh base backup when pg_rewind cannot, else with the region's {@code rejoinCommand}. Done when a
 * marker written on the new primary has arrived on it.
 */
final class Rejoiner {

    static final Duration REPLICATION_PROOF = Duration.ofSeconds(30);
    static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(30);

    private final Optional<String> pgPassword;
    private final Map<String, String> env;
    private final Progress progress;
    private final Duration proofWithin;

    Rejoiner(Optional<String> pgPassword, Map<String, String> env, Progress progress) {
        this(pgPassword, env, progress, REPLICATION_PROOF);
    }

    /** @param proofWithin how long the proof marker may take to arrive; shorter only in tests of the failing proof */
    Rejoiner(Optional<String> pgPassword, Map<String, String> env, Progress progress, Duration proofWithin) {
        this.pgPassword = pgPassword;
        this.env = env;
        this.progress = progress;
        this.proofWithin = proofWithin;
    }

    /** @return how it was done and the proof, one line */
    String rejoin(Region old, Region primary) throws Exception {
        RegionDatabase oldDb = RegionDatabase.of(old, pgPassword);
        RegionDatabase newDb = RegionDatabase.of(primary, pgPassword);
        LocalCluster oldCluster = old.dataDirectory() == null ? null : open(old.dataDirectory());
        LocalCluster newCluster = primary.dataDirectory() == null ? null : open(primary.dataDirectory());
        long start = System.nanoTime();
        String how;
        if (oldCluster != null && newCluster != null) {
            // pg_rewind reads the source's timeline from its control file, which a promotion updates only at the
            // next checkpoint.
            newDb.execute("checkpoint");
            try {
                oldCluster.rewindFrom(newCluster);
                oldCluster.start();
                how = "pg_rewind";
            } catch (PostgresException e) {
                progress.info("pg_rewind of " + old.name() + " failed (" + e.getMessage() + "); taking a fresh base backup");
                how = "a fresh base backup (pg_rewind failed: " + e.getMessage() + ")";
                rebuild(oldCluster, newCluster);
            }
        } else if (old.rejoinCommand() != null) {
            ShellCommand.run("rejoinCommand of " + old.name(), old.rejoinCommand(), env, Map.of(
                    "DR_REGION", old.name(), "DR_DATABASE_URL", old.database(),
                    "DR_NEW_PRIMARY_REGION", primary.name(), "DR_NEW_PRIMARY_URL", primary.database()), COMMAND_TIMEOUT);
            how = "its rejoinCommand";
        } else {
            throw new PhaseFailedException("cannot rejoin " + old.name() + " as a standby of " + primary.name()
                    + ": give both regions a local dataDirectory (pg_rewind) or " + old.name() + " a rejoinCommand");
        }
        String took = Seconds.text(Duration.ofNanos(System.nanoTime() - start));
        return old.name() + " rejoined as a standby of " + primary.name() + " with " + how + " in " + took + "; "
                + proveReplication(oldDb, newDb, proofWithin);
    }

    /** Writes a marker on the primary and waits until the standby has replayed it. */
    static String proveReplication(RegionDatabase standby, RegionDatabase primary) throws Exception {
        return proveReplication(standby, primary, REPLICATION_PROOF);
    }

    private static String proveReplication(RegionDatabase standby, RegionDatabase primary, Duration within)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        Marker marker = null;
        while (true) {
            try {
                if (marker == null) {
                    marker = primary.writeMarker();
                }
                if (standby.inRecovery() && standby.hasMarker(marker.id())) {
                    return "marker #" + marker.id() + " written on " + primary.region() + " replicated to "
                            + standby.region() + " in " + Seconds.text(Duration.between(marker.at(), Instant.now()));
                }
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new PhaseFailedException("replication from " + primary.region() + " to " + standby.region()
                            + " not working after " + Seconds.text(within) + ": " + RegionDatabase.reason(e));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new PhaseFailedException(standby.region() + " did not replay marker #" + marker.id() + " from "
                        + primary.region() + " within " + Seconds.text(within));
            }
            Thread.sleep(50);
        }
    }

    /** The old data directory is moved aside, replaced by a base backup of the new primary, then deleted. */
    private void rebuild(LocalCluster oldCluster, LocalCluster newCluster) throws Exception {
        Path dir = oldCluster.dataDir();
        int port = oldCluster.port();
        if (oldCluster.isRunning()) {
            oldCluster.stop();
        }
        Path aside = dir.resolveSibling(dir.getFileName() + ".before-rejoin-" + System.currentTimeMillis());
        Files.move(dir, aside);
        LocalCluster.standbyOf(newCluster, dir, ClusterOptions.defaults().withPort(port)).start();
        try {
            TempFiles.deleteRecursively(aside);
        } catch (RuntimeException e) {
            progress.info("could not delete the old data directory " + aside + ": " + e.getMessage());
        }
    }

    private static LocalCluster open(Path dataDirectory) {
        try {
            return LocalCluster.open(dataDirectory);
        } catch (PostgresException e) {
            return null;
        }
    }

    /** Starts a stopped local old primary again (the fault is undone), or says it cannot. */
    static boolean restart(Region region) throws PostgresException, InterruptedException {
        if (region.dataDirectory() == null) {
            return false;
        }
        LocalServer.start(region.dataDirectory());
        return true;
    }
}
