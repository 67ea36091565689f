package org.drjenkins.engine.restore;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.drjenkins.engine.postgres.PgConnections;
import org.drjenkins.engine.postgres.PgProcesses;
import org.drjenkins.engine.postgres.PgTools;
import org.drjenkins.engine.postgres.PgUrl;
import org.drjenkins.engine.postgres.PostgresException;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.util.TempFiles;
import org.drjenkins.engine.wal.Lsn;

/**
 * A throwaway cluster made from a base backup that replays archived WAL and then promotes: the place where a
 * point-in-time restore happens. It listens on 127.0.0.1 only, never archives (its new timeline must not reach the
 * origin's archive), and {@link #close()} removes all of it.
 * <p>
 * The configuration of the origin is replaced, not edited: its postgresql.conf may load libraries, name certificate
 * files or an archive_command of the origin's machine, and a Debian server keeps it outside the data directory anyway.
 */
final class RecoveryCluster implements AutoCloseable {

    /** What PostgreSQL (13+) logs when it reached the end of the WAL it was given before the configured target. */
    static final String TARGET_NOT_REACHED = "recovery ended before configured recovery target was reached";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(10);
    private static final long POLL_MILLIS = 200;
    private static final long PROGRESS_EVERY_NANOS = 10_000_000_000L;

    /** What replay reached: the last WAL record applied and the commit time of the last transaction replayed. */
    record Reached(Lsn lsn, Optional<Instant> lastTransaction, long timeline, String stopLine) {
    }

    private final PgTools tools;
    private final Path root;
    private final Path dataDir;
    private final Path archiveDir;
    private int port;
    private boolean started;

    private RecoveryCluster(PgTools tools, Path root) {
        this.tools = tools;
        this.root = root;
        this.dataDir = root.resolve("data");
        this.archiveDir = root.resolve("wal");
    }

    /** An empty cluster directory under {@code workDir}, reachable by the server's OS user. */
    static RecoveryCluster create(Path workDir) throws IOException {
        PgTools tools = PgTools.locate();
        Path root = Files.createTempDirectory(workDir.toAbsolutePath(), "dr-pitr-");
        RecoveryCluster cluster = new RecoveryCluster(tools, root);
        Files.createDirectories(cluster.dataDir);
        Files.createDirectories(cluster.archiveDir);
        return cluster;
    }

    Path dataDir() {
        return dataDir;
    }

    /** Where the restore command finds the fetched WAL. */
    Path archiveDir() {
        return archiveDir;
    }

    Path logFile() {
        return root.resolve("server.log");
    }

    int port() {
        return port;
    }

    /** Turns the extracted base backup into a cluster that recovers to {@code target} from the fetched WAL, then promotes. */
    void configure(RecoveryTarget target) throws IOException {
        port = freePort();
        for (String leftover : List.of("postmaster.pid", "postmaster.opts", "standby.signal", "recovery.conf")) {
            Files.deleteIfExists(dataDir.resolve(leftover));
        }
        Files.createDirectories(dataDir.resolve("pg_wal").resolve("archive_status"));
        String restore = "test -f '" + archiveDir + "/%f' && cp '" + archiveDir + "/%f' '%p'";
        Files.writeString(dataDir.resolve("postgresql.conf"), "# Written by dr for a point-in-time restore; the origin's settings are not used.\n"
                + "port = " + port + "\n"
                + "listen_addresses = '127.0.0.1'\n"
                + "unix_socket_directories = ''\n"
                + "archive_mode = off\n"
                // Without hot standby the server checks none of the origin's max_connections & co. against ours, and
                // accepts connections only once it has promoted: the first successful connection means "done".
                + "hot_standby = off\n"
                // A scratch copy need not survive an OS crash; fsync would only slow the replay down.
                + "fsync = off\n"
                + "synchronous_commit = off\n"
                + "restore_command = '" + restore.replace("'", "''") + "'\n"
                + "recovery_target_timeline = 'latest'\n"
                + "recovery_target_action = 'promote'\n"
                + target.settings(), StandardCharsets.UTF_8);
        Files.writeString(dataDir.resolve("postgresql.auto.conf"), "# Emptied by dr: ALTER SYSTEM settings of the origin do not apply here.\n");
        Files.writeString(dataDir.resolve("pg_hba.conf"), "host all all 127.0.0.1/32 trust\n");
        Files.writeString(dataDir.resolve("pg_ident.conf"), "");
        Files.writeString(dataDir.resolve("recovery.signal"), "");
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        ownTree(root);
    }

    /**
     * Starts the server and waits until it has replayed up to the target and promoted, reporting the segment it is at
     * every few seconds. A server that stops on its own (a missing segment before a target, a corrupt record) fails
     * with the lines of its log that say why.
     */
    void recover(PgUrl url, Duration timeout, Progress progress) throws IOException, InterruptedException {
        started = true;
        try {
            PgProcesses.run(tools.serverCommand("pg_ctl", "-D", dataDir.toString(), "-l", logFile().toString(), "-w", "-t",
                    Long.toString(START_TIMEOUT.toSeconds()), "start"), "pg_ctl start of the restored cluster", START_TIMEOUT.toSeconds() + 30);
        } catch (PostgresException e) {
            // pg_ctl says "examine the log output", but the log is deleted with the scratch cluster: keep its reason here.
            throw new PostgresException("the restored cluster did not start: " + explainLog(), e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextReport = System.nanoTime() + PROGRESS_EVERY_NANOS;
        while (true) {
            try (Connection c = PgConnections.open(url, Optional.empty(), "drjenkins-pitr"); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return;
                }
            } catch (SQLException e) {
                // 57P03: starting up or in recovery without hot standby; anything else is reported if the server dies.
            }
            if (!postmasterAlive()) {
                throw new PostgresException("the restored cluster stopped during recovery: " + explainLog());
            }
            if (System.nanoTime() > deadline) {
                throw new PostgresException("recovery did not finish within " + timeout.toMinutes() + " min (log: " + logFile() + ")");
            }
            if (System.nanoTime() > nextReport) {
                lastLogLine("restored log file").ifPresent(line -> progress.info("replaying: " + line));
                nextReport = System.nanoTime() + PROGRESS_EVERY_NANOS;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Where replay ended, read from the promoted server (these functions keep their values after recovery). */
    Reached reached(PgUrl url) throws PostgresException {
        try (Connection c = PgConnections.open(url, Optional.empty(), "drjenkins-pitr")) {
            String stop = lastLogLine("recovery stopping").or(() -> lastLogLine("redo done at")).orElse("");
            return replayed(c, stop);
        } catch (SQLException e) {
            throw new PostgresException("Cannot read the recovery point of the restored cluster on 127.0.0.1:" + port + ": "
                    + e.getMessage().replaceAll("\\s+", " ").strip(), e);
        }
    }

    /** Where replay ended on a server that recovered (promoted or paused); {@code stopLine} is the log's word on it. */
    static Reached replayed(Connection c, String stopLine) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_last_wal_replay_lsn()::text, pg_last_xact_replay_timestamp(),"
                        + " (SELECT timeline_id FROM pg_control_checkpoint())")) {
            rs.next();
            OffsetDateTime last = rs.getObject(2, OffsetDateTime.class);
            return new Reached(Lsn.parse(rs.getString(1)), Optional.ofNullable(last).map(OffsetDateTime::toInstant), rs.getLong(3), stopLine);
        }
    }

    /** Stops the server at once (nothing in it is kept) and deletes every file. */
    @Override
    public void close() {
        if (started && postmasterAlive()) {
            try {
                PgProcesses.run(tools.serverCommand("pg_ctl", "-D", dataDir.toString(), "-m", "immediate", "-w", "-t", "60", "stop"),
                        "pg_ctl stop of the restored cluster", 90);
            } catch (PostgresException e) {
                System.err.println("dr: could not stop the restored cluster in " + dataDir + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        TempFiles.deleteRecursively(root);
    }

    private boolean postmasterAlive() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            return !lines.isEmpty() && ProcessHandle.of(Long.parseLong(lines.get(0).trim())).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private Optional<String> lastLogLine(String containing) {
        List<String> lines = logLines();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).contains(containing)) {
                return Optional.of(stripPrefix(lines.get(i)));
            }
        }
        return Optional.empty();
    }

    /** The FATAL/PANIC lines of the log (the reason a recovery stopped), on one line. */
    String explainLog() {
        List<String> reasons = new ArrayList<>();
        for (String line : logLines()) {
            if (line.contains("FATAL:") || line.contains("PANIC:")) {
                reasons.add(stripPrefix(line));
            }
        }
        List<String> lines = reasons.isEmpty() ? logLines() : reasons;
        if (lines.isEmpty()) {
            return "the server wrote nothing to its log";
        }
        // The log is deleted with the scratch cluster, so these lines are all that remains of it.
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }

    private List<String> logLines() {
        try (InputStream in = Files.newInputStream(logFile())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String stripPrefix(String line) {
        return line.replaceFirst("^\\d{4}-\\d\\d-\\d\\d [0-9:.]+ \\S+ \\[\\d+\\] ", "").replaceFirst("^(LOG|DETAIL|HINT):\\s+", "").strip();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    /** When root, hands the whole tree to the server's OS user: PostgreSQL refuses to run as root. */
    static void ownTree(Path root) throws IOException {
        if (!PgTools.runningAsRoot()) {
            return;
        }
        UserPrincipalLookupService lookup = root.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user = lookup.lookupPrincipalByName(PgTools.SERVER_OS_USER);
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(PgTools.SERVER_OS_USER);
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS);
                view.setOwner(user);
                view.setGroup(group);
            }
        }
    }
}
