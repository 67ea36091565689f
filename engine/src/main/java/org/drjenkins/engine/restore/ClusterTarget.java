package org.drjenkins.engine.restore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.config.Component;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.postgres.PgConnections;
import org.drjenkins.engine.postgres.PgProcesses;
import org.drjenkins.engine.postgres.PgTools;
import org.drjenkins.engine.postgres.PgUrl;
import org.drjenkins.engine.postgres.PostgresException;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.util.Parameter;
import org.drjenkins.engine.util.TempFiles;

/**
 * Restores a postgres-cluster base backup into the data directory a server will run from: extracted beside it,
 * configured to recover from the archive with {@code restore_command = 'dr wal-fetch …'} (reading the region the
 * backup came from) up to the recovery target, swapped in; optionally started, and then followed until it has
 * reached the target and promoted (or paused there), with the point it reached read back from the server.
 * <p>
 * The origin's own configuration is kept (it is the server being recovered); the recovery settings go into
 * {@code postgresql.auto.conf}, which overrides it, together with {@code archive_mode = off}: the restored server's new
 * timeline stays out of the origin's archive until an operator turns archiving back on.
 */
final class ClusterTarget implements RestoreTarget {

    private static final Duration REPLAY_TIMEOUT = Duration.ofHours(12);
    private static final long POLL_MILLIS = 200;
    private static final long PROGRESS_EVERY_NANOS = 10_000_000_000L;

    private final Component component;
    private final Path dataDir;
    private final RecoveryTarget target;
    private final String restoreCommand;
    private final boolean replace;
    private final boolean confirm;
    private final boolean start;
    private final Optional<Integer> port;
    private final boolean pause;
    private final Optional<String> password;
    private final Progress progress;
    private Optional<Long> runningPid = Optional.empty();

    ClusterTarget(Component component, Path dataDir, RecoveryTarget target, String walFetch, String region, boolean replace,
            boolean confirm, boolean start, Optional<Integer> port, boolean pause, Optional<String> password, Progress progress) {
        this.component = component;
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.target = target;
        this.restoreCommand = walFetch + " --component " + component.name() + " --region " + region + " %f %p";
        this.replace = replace;
        this.confirm = confirm;
        this.start = start;
        this.port = port;
        this.pause = pause;
        this.password = password;
        this.progress = progress;
    }

    @Override
    public String describe() {
        return dataDir + " (to " + target + ")";
    }

    @Override
    public void preflight(Manifest manifest) throws IOException {
        if (pause && target.isEnd()) {
            throw InvalidRequestException.of("pausing needs a target to pause at: give ", Parameter.TO_TIME, " or ", Parameter.TO_LSN);
        }
        if (start && port.isEmpty()) {
            throw InvalidRequestException.of(Parameter.START, " needs ", Parameter.PORT, ": the port the restored server listens on");
        }
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw InvalidRequestException.of(Parameter.DATA_DIR.given(dataDir), ": exists and is not a directory");
        }
        if (!StagedSwap.nonEmptyDirectory(dataDir)) {
            return;
        }
        if (!replace) {
            throw InvalidRequestException.of(Parameter.DATA_DIR.given(dataDir), ": not empty; pass ", Parameter.REPLACE,
                    " to replace it with the backup, or choose an empty directory");
        }
        runningPid = postmaster(dataDir);
        if (runningPid.isPresent() && !confirm) {
            throw InvalidRequestException.of(Parameter.DATA_DIR.given(dataDir), ": a PostgreSQL server runs on it (pid " + runningPid.get()
                    + "); pass ", Parameter.CONFIRM, " to stop it and replace its data directory");
        }
    }

    @Override
    public Applied apply(Manifest manifest, Path rawContent) throws IOException, InterruptedException {
        Path staged = StagedSwap.stageBeside(dataDir);
        try {
            progress.phase("extract the base backup into " + staged);
            try (InputStream tar = Files.newInputStream(rawContent)) {
                // The server runs in this tree and follows its links: they must stay inside it.
                SafeTarExtractor.extract(tar, staged, SafeTarExtractor.Links.INSIDE_ONLY);
            }
            configure(staged);
            if (runningPid.isPresent()) {
                progress.phase("stop the server running on " + dataDir + " (pid " + runningPid.get() + ")");
                PgProcesses.run(PgTools.locate().serverCommand("pg_ctl", "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "120", "stop"),
                        "pg_ctl stop of the server on " + dataDir, 180);
            }
            StagedSwap.swap(staged, dataDir);
        } finally {
            TempFiles.deleteRecursively(staged);
        }
        if (!start) {
            return new Applied("base backup " + manifest.backupId() + " restored into " + dataDir + ", set to recover to " + target
                    + " with " + restoreCommand + "; start the server to replay", Optional.empty(), Optional.empty(), true);
        }
        RecoveryCluster.Reached reached = startAndFollow();
        String point = "WAL " + reached.lsn() + " on timeline " + reached.timeline()
                + reached.lastTransaction().map(t -> ", last transaction committed at " + t).orElse(", no transaction replayed");
        return new Applied("restored into " + dataDir + ", started on port " + port.orElseThrow() + " and " + (pause ? "paused" : "promoted")
                + " at " + point, Optional.empty(), reached.lastTransaction(), true);
    }

    /** Recovery settings over the origin's (postgresql.auto.conf is read last), and the signal to recover. */
    private void configure(Path staged) throws IOException {
        for (String leftover : List.of("postmaster.pid", "postmaster.opts", "standby.signal", "recovery.conf")) {
            Files.deleteIfExists(staged.resolve(leftover));
        }
        Files.createDirectories(staged.resolve("pg_wal").resolve("archive_status"));
        StringBuilder settings = new StringBuilder("\n# Added by dr restore of " + component.name() + ": recover from its WAL archive to "
                + target + ", then " + (pause ? "pause" : "promote") + ".\n")
                .append("restore_command = '").append(restoreCommand.replace("'", "''")).append("'\n")
                .append("recovery_target_timeline = 'latest'\n")
                .append("recovery_target_action = '").append(pause ? "pause" : "promote").append("'\n")
                .append(target.settings())
                // A restored server starts a new timeline: it must not archive into the origin's archive before someone
                // decided it is the primary now (ALTER SYSTEM RESET archive_mode and a restart turn the origin's back on).
                .append("archive_mode = off\n");
        if (pause) {
            settings.append("hot_standby = on\n"); // a paused server answers queries only as a hot standby
        }
        port.ifPresent(p -> settings.append("port = ").append(p).append('\n'));
        Files.writeString(staged.resolve("postgresql.auto.conf"), settings, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        Files.writeString(staged.resolve("recovery.signal"), "");
        Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rwx------"));
        RecoveryCluster.ownTree(staged);
    }

    private Path logFile() {
        return dataDir.resolveSibling(dataDir.getFileName() + ".dr-restore.log");
    }

    /** Starts the server without waiting in pg_ctl (replay may take hours), then follows it until promoted or paused. */
    private RecoveryCluster.Reached startAndFollow() throws IOException, InterruptedException {
        PgTools tools = PgTools.locate();
        Path log = logFile();
        Files.deleteIfExists(log);
        Files.createFile(log);
        RecoveryCluster.ownTree(log);
        progress.phase("start the restored server on port " + port.orElseThrow() + " and replay WAL to " + target);
        PgProcesses.run(tools.serverCommand("pg_ctl", "-D", dataDir.toString(), "-l", log.toString(), "-W", "start"),
                "pg_ctl start of the restored server", 60);
        PgUrl url = PgUrl.of(PgUrl.parse(component.url()).user(), "127.0.0.1", port.orElseThrow(), "postgres");
        long startedAt = System.nanoTime();
        long deadline = startedAt + REPLAY_TIMEOUT.toNanos();
        long nextReport = System.nanoTime() + PROGRESS_EVERY_NANOS;
        while (true) {
            try (Connection c = PgConnections.open(url, password, "drjenkins-restore"); Statement st = c.createStatement()) {
                boolean done;
                try (ResultSet rs = st.executeQuery(pause ? "SELECT pg_get_wal_replay_pause_state() = 'paused'" : "SELECT NOT pg_is_in_recovery()")) {
                    rs.next();
                    done = rs.getBoolean(1);
                }
                if (done) {
                    return RecoveryCluster.replayed(c, "");
                }
            } catch (SQLException e) {
                // starting up, or recovering without hot standby: not connectable yet
            }
            // pg_ctl -W returns before the postmaster wrote its pid file: give it a few seconds before calling it dead.
            if (System.nanoTime() - startedAt > 5_000_000_000L && postmaster(dataDir).isEmpty()) {
                throw new PostgresException("the restored server stopped during recovery: " + tail(log) + " (log: " + log + ")");
            }
            if (System.nanoTime() > deadline) {
                throw new PostgresException("recovery did not finish within " + REPLAY_TIMEOUT.toHours() + " h (log: " + log + ")");
            }
            if (System.nanoTime() > nextReport) {
                progress.info("replaying: " + tail(log));
                nextReport = System.nanoTime() + PROGRESS_EVERY_NANOS;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> all = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
            List<String> reasons = all.stream().filter(l -> l.contains("FATAL:") || l.contains("PANIC:")).toList();
            List<String> lines = reasons.isEmpty() ? all : reasons;
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "no log";
        }
    }

    /** The pid of a live postmaster on {@code dir}, from its postmaster.pid. */
    static Optional<Long> postmaster(Path dir) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("postmaster.pid"));
            long pid = Long.parseLong(lines.get(0).trim());
            return PgProcesses.isRunning(pid) ? Optional.of(pid) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
