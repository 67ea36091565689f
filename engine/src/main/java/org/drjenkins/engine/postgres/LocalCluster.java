package org.drjenkins.engine.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster on this machine, listening on 127.0.0.1 only: a throwaway one for tests, demos and restore
 * checks ({@link #ephemeral}), or a managed one in a directory of the caller's choice ({@link #create}).
 * <p>
 * Our settings (port, listen address, no Unix socket, WAL settings, extra settings) live in {@code drjenkins.conf}
 * in the data directory, included from postgresql.conf, so a standby or a rewound cluster (whose configuration was
 * copied from another cluster) gets its own settings back by rewriting that one file. The server log is
 * {@code server.log} in the data directory.
 * <p>
 * PostgreSQL refuses to run as root: when this JVM is root, the server programs run as the {@code postgres} OS user
 * and the data directory (and an ephemeral cluster's temporary parent) belong to that user ({@link ServerUser}). Why a
 * start failed is read from the server log ({@link ServerLog}); our settings are one file ({@link OwnSettingsFile}); the
 * postmaster is known by its postmaster.pid ({@link Postmaster}); a throwaway cluster is destroyed at JVM exit if nobody
 * closed it ({@link ClustersAtExit}).
 */
public final class LocalCluster implements AutoCloseable {

    public static final String SUPERUSER = "postgres";
    static final String CONF_FILE = "drjenkins.conf";
    static final String LOG_FILE = "server.log";

    private static final long TOOL_TIMEOUT_SECONDS = 120;
    private static final int START_ATTEMPTS = 3;

    private final PgTools tools;
    private final Path dataDir;
    private final Path ephemeralRoot;
    private final ClusterOptions options;
    private int port;
    private long postmasterPid = -1;

    private LocalCluster(PgTools tools, Path dataDir, Path ephemeralRoot, ClusterOptions options, int port) {
        this.tools = tools;
        this.dataDir = dataDir;
        this.ephemeralRoot = ephemeralRoot;
        this.options = options;
        this.port = port;
    }

    /** Initializes a new, stopped cluster in {@code dataDir} (absent or empty). {@link #close()} stops it. */
    public static LocalCluster create(Path dataDir, ClusterOptions opts) throws PostgresException, InterruptedException {
        return init(PgTools.locate(), dataDir.toAbsolutePath(), null, opts);
    }

    /** A started throwaway cluster in a new temporary directory; {@link #close()} removes all of it. */
    public static LocalCluster ephemeral(String purpose) throws PostgresException, InterruptedException {
        return ephemeral(purpose, ClusterOptions.defaults());
    }

    /** A started throwaway cluster with {@code opts}; {@link #close()} removes all of it. */
    public static LocalCluster ephemeral(String purpose, ClusterOptions opts)
            throws PostgresException, InterruptedException {
        PgTools tools = PgTools.locate();
        Path root = ephemeralRoot(purpose);
        LocalCluster cluster = null;
        try {
            cluster = init(tools, root.resolve("data"), root, opts);
            return cluster.start();
        } catch (PostgresException | InterruptedException | RuntimeException e) {
            discard(cluster, root, e);
            throw e;
        }
    }

    /**
     * A stopped streaming standby of the running {@code primary} in {@code dataDir} (absent or empty), made by
     * {@code pg_basebackup -R -X stream -c fast}, with its own port and the settings of {@code opts}.
     */
    public static LocalCluster standbyOf(LocalCluster primary, Path dataDir, ClusterOptions opts)
            throws PostgresException, InterruptedException {
        return baseBackup(PgTools.locate(), primary, dataDir.toAbsolutePath(), null, opts);
    }

    /** A started throwaway standby of the running {@code primary}; {@link #close()} removes all of it. */
    public static LocalCluster ephemeralStandbyOf(LocalCluster primary, String purpose)
            throws PostgresException, InterruptedException {
        PgTools tools = PgTools.locate();
        Path root = ephemeralRoot(purpose);
        LocalCluster cluster = null;
        try {
            cluster = baseBackup(tools, primary, root.resolve("data"), root, ClusterOptions.defaults());
            return cluster.start();
        } catch (PostgresException | InterruptedException | RuntimeException e) {
            discard(cluster, root, e);
            throw e;
        }
    }

    /** A cluster made earlier by {@link #create} or {@link #standbyOf} (e.g. by a previous run), as it is now. */
    public static LocalCluster open(Path dataDir) throws PostgresException {
        Path dir = dataDir.toAbsolutePath();
        Path conf = dir.resolve(CONF_FILE);
        try {
            for (String line : Files.readAllLines(conf)) {
                if (line.startsWith("port = ")) {
                    int port = Integer.parseInt(line.substring("port = ".length()).replace("'", "").trim());
                    LocalCluster cluster = new LocalCluster(PgTools.locate(), dir, null,
                            ClusterOptions.defaults().withPort(port), port);
                    cluster.postmasterPid = Postmaster.pidOf(cluster.dataDir).orElse(-1);
                    return cluster;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Reported below.
        }
        throw new PostgresException(dir + " is not a cluster made by drjenkins (no port in " + conf
                + "): create it with LocalCluster.create");
    }

    private static LocalCluster init(PgTools tools, Path dataDir, Path ephemeralRoot, ClusterOptions opts)
            throws PostgresException, InterruptedException {
        ServerUser.prepareDataDir(dataDir);
        List<String> args = new ArrayList<>(List.of("-D", dataDir.toString(), "-U", SUPERUSER, "-A", "trust",
                "-E", "UTF8", "--locale=C.UTF-8"));
        if (opts.dataChecksums()) {
            args.add("--data-checksums");
        }
        if (ephemeralRoot != null) {
            args.add("--no-sync"); // A throwaway cluster need not survive an OS crash; saves seconds of fsync.
        }
        PgProcesses.run(tools.serverCommand("initdb", args.toArray(String[]::new)), "initdb in " + dataDir,
                TOOL_TIMEOUT_SECONDS);
        LocalCluster cluster = new LocalCluster(tools, dataDir, ephemeralRoot, opts,
                opts.port() == 0 ? freePort() : opts.port());
        try {
            Files.writeString(dataDir.resolve("postgresql.conf"),
                    "\n# Settings of the drjenkins LocalCluster (port, addresses, WAL) are kept in one file.\n"
                            + "include '" + CONF_FILE + "'\n",
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new PostgresException("Cannot write " + dataDir.resolve("postgresql.conf") + ": " + e.getMessage(), e);
        }
        cluster.writeConf();
        if (ephemeralRoot != null) {
            ClustersAtExit.destroyAtExit(cluster);
        }
        return cluster;
    }

    private static LocalCluster baseBackup(PgTools tools, LocalCluster primary, Path dataDir, Path ephemeralRoot,
            ClusterOptions opts) throws PostgresException, InterruptedException {
        if (!primary.isRunning()) {
            throw new PostgresException("Cannot make a standby of the cluster in " + primary.dataDir
                    + ": it is not running; start() it first");
        }
        ServerUser.prepareDataDir(dataDir);
        List<String> args = new ArrayList<>(List.of("-h", "127.0.0.1", "-p", Integer.toString(primary.port),
                "-U", SUPERUSER, "-D", dataDir.toString(), "-R", "-X", "stream", "-c", "fast", "--no-password"));
        if (ephemeralRoot != null) {
            args.add("--no-sync");
        }
        PgProcesses.run(tools.serverCommand("pg_basebackup", args.toArray(String[]::new)),
                "pg_basebackup of 127.0.0.1:" + primary.port + " into " + dataDir, TOOL_TIMEOUT_SECONDS * 5);
        LocalCluster standby = new LocalCluster(tools, dataDir, ephemeralRoot, opts,
                opts.port() == 0 ? freePort() : opts.port());
        standby.deleteCopiedLog();
        standby.writeConf();
        if (ephemeralRoot != null) {
            ClustersAtExit.destroyAtExit(standby);
        }
        return standby;
    }

    /** Starts the server and waits until it accepts connections; returns this for chaining. */
    public LocalCluster start() throws PostgresException, InterruptedException {
        if (isRunning()) {
            return this;
        }
        Path log = logFile();
        ServerLog serverLog = new ServerLog(log);
        for (int attempt = 1; ; attempt++) {
            long logOffset = serverLog.size();
            try {
                PgProcesses.run(tools.serverCommand("pg_ctl", "-D", dataDir.toString(), "-l", log.toString(),
                        "-w", "-t", "60", "start"), "pg_ctl start", TOOL_TIMEOUT_SECONDS);
                postmasterPid = Postmaster.pidOf(dataDir).orElse(-1);
                return this;
            } catch (PostgresException e) {
                List<String> logTail = serverLog.since(logOffset);
                boolean portTaken = logTail.stream().anyMatch(l -> l.contains("Address already in use"));
                if (portTaken && options.port() == 0 && attempt < START_ATTEMPTS) {
                    port = freePort(); // Someone took the free port between our probe and the start: pick another.
                    writeConf();
                    continue;
                }
                String why = logTail.isEmpty() ? e.getMessage() : ServerLog.explain(logTail);
                throw new PostgresException("PostgreSQL in " + dataDir + " did not start on 127.0.0.1:" + port + ": "
                        + why + " (log: " + log + ")", e);
            }
        }
    }

    /** Stops the server cleanly (fast mode: sessions are ended, a checkpoint is written). */
    public void stop() throws PostgresException, InterruptedException {
        shutdown("fast");
    }

    /** Stops the server like a crash (immediate mode: no checkpoint, crash recovery at the next start). */
    public void kill() throws PostgresException, InterruptedException {
        shutdown("immediate");
    }

    private void shutdown(String mode) throws PostgresException, InterruptedException {
        if (!isRunning()) {
            return;
        }
        long pid = Postmaster.pidOf(dataDir).orElse(postmasterPid);
        PgProcesses.run(tools.serverCommand("pg_ctl", "-D", dataDir.toString(), "-m", mode, "-w", "-t", "60",
                "stop"), "pg_ctl stop -m " + mode + " in " + dataDir, TOOL_TIMEOUT_SECONDS);
        Postmaster.awaitGone(pid);
    }

    /** Promotes this standby to a primary and waits until it accepts writes. */
    public void promote() throws PostgresException, InterruptedException {
        try {
            if (!"t".equals(sql("postgres", "SELECT pg_promote(true, 60)"))) {
                throw new PostgresException("Promotion of the standby on 127.0.0.1:" + port
                        + " did not finish within 60 s (log: " + logFile() + ")");
            }
        } catch (SQLException e) {
            throw new PostgresException("Cannot promote the standby on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes this former primary a standby of {@code newPrimary} after a failover, with {@code pg_rewind -R}: stops it
     * if running, rewinds the diverged history, and restores its own port and settings (pg_rewind copies the
     * source's configuration). Leaves it stopped; {@link #start()} makes it replicate from {@code newPrimary}.
     */
    public void rewindFrom(LocalCluster newPrimary) throws PostgresException, InterruptedException {
        stop();
        String source = "host=127.0.0.1 port=" + newPrimary.port + " user=" + SUPERUSER + " dbname=postgres";
        PgProcesses.run(tools.serverCommand("pg_rewind", "--target-pgdata=" + dataDir, "--source-server=" + source,
                "-R"), "pg_rewind of " + dataDir + " from 127.0.0.1:" + newPrimary.port,
                TOOL_TIMEOUT_SECONDS * 5);
        deleteCopiedLog();
        writeConf();
    }

    /** Stops the server if it runs and deletes its data directory (and an ephemeral cluster's temporary parent). */
    public void destroy() throws PostgresException {
        // Cleanup must finish even on an interrupted thread: wait uninterrupted, restore the flag at the end.
        boolean interrupted = Thread.interrupted();
        PostgresException failure = null;
        try {
            if (isRunning()) {
                try {
                    stop();
                } catch (PostgresException e) {
                    kill();
                }
            }
        } catch (PostgresException e) {
            failure = e;
        } catch (InterruptedException e) {
            interrupted = true;
        }
        OptionalLong pid = Postmaster.pidOf(dataDir);
        long lastPid = pid.isPresent() ? pid.getAsLong() : postmasterPid;
        if (lastPid > 0 && Postmaster.isAlive(lastPid)) {
            // pg_ctl failed or was interrupted: end the server the hard way rather than leak it.
            ProcessHandle.of(lastPid).ifPresent(p -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            });
            while (true) {
                try {
                    Postmaster.awaitGone(lastPid);
                    break;
                } catch (PostgresException e) {
                    failure = failure == null ? e : failure;
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        try {
            deleteTree(ephemeralRoot != null ? ephemeralRoot : dataDir);
        } catch (IOException e) {
            failure = failure == null ? new PostgresException("Cannot delete " + dataDir + ": " + e.getMessage(), e)
                    : failure;
        }
        ClustersAtExit.forget(this);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** An ephemeral cluster is destroyed; a managed one is stopped and kept. */
    @Override
    public void close() throws PostgresException {
        if (ephemeralRoot != null) {
            destroy();
            return;
        }
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PostgresException("Interrupted while stopping the cluster in " + dataDir, e);
        }
    }

    /** Whether a postmaster of this data directory is alive. */
    public boolean isRunning() {
        OptionalLong pid = Postmaster.pidOf(dataDir);
        return pid.isPresent() && Postmaster.isAlive(pid.getAsLong());
    }

    /** The postmaster's process id while running (from postmaster.pid). */
    public OptionalLong postmasterPid() {
        OptionalLong pid = Postmaster.pidOf(dataDir);
        return pid.isPresent() && Postmaster.isAlive(pid.getAsLong()) ? pid : OptionalLong.empty();
    }

    /** Whether the server is a standby (in recovery). */
    public boolean inRecovery() throws SQLException {
        return "t".equals(sql("postgres", "SELECT pg_is_in_recovery()"));
    }

    public int port() {
        return port;
    }

    /** {@code postgresql://postgres@127.0.0.1:<port>/<db>}; trust authentication, no password. */
    public PgUrl url(String db) {
        return PgUrl.of(SUPERUSER, "127.0.0.1", port, db);
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return dataDir.resolve(LOG_FILE);
    }

    public boolean isEphemeral() {
        return ephemeralRoot != null;
    }

    /** Runs {@code sql} in {@code db} and returns the first column of the first row, or null without rows. */
    public String sql(String db, String sql) throws SQLException {
        try (Connection c = PgConnections.open(url(db), Optional.empty(), "drjenkins-local-cluster");
                Statement st = c.createStatement()) {
            if (!st.execute(sql)) {
                return null;
            }
            try (ResultSet rs = st.getResultSet()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /**
     * Runs one or more statements (separated by semicolons) in {@code db}, autocommitted. Statements that refuse a
     * transaction block (CREATE DATABASE, VACUUM) must come alone.
     */
    public void execute(String db, String sql) throws SQLException {
        try (Connection c = PgConnections.open(url(db), Optional.empty(), "drjenkins-local-cluster");
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** A TCP port on 127.0.0.1 that is free right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free TCP port on 127.0.0.1", e);
        }
    }

    @Override
    public String toString() {
        return "LocalCluster[" + dataDir + " on 127.0.0.1:" + port + (isEphemeral() ? ", ephemeral" : "") + "]";
    }

    /** Our settings for this cluster, in {@value #CONF_FILE}: rewritten whenever the port changes or files were copied. */
    private void writeConf() throws PostgresException {
        OwnSettingsFile.write(dataDir.resolve(CONF_FILE), port, options);
    }

    private void deleteCopiedLog() throws PostgresException {
        try {
            Files.deleteIfExists(logFile()); // The copy is the source cluster's log, not ours.
        } catch (IOException e) {
            throw new PostgresException("Cannot delete " + logFile() + ": " + e.getMessage(), e);
        }
    }

    private static Path ephemeralRoot(String purpose) throws PostgresException {
        String safe = purpose == null ? "cluster" : purpose.replaceAll("[^A-Za-z0-9_-]", "-");
        try {
            Path root = Files.createTempDirectory("drjenkins-pg-" + safe + "-");
            ServerUser.own(root);
            return root;
        } catch (IOException e) {
            throw new PostgresException("Cannot create a temporary directory for a PostgreSQL cluster: "
                    + e.getMessage(), e);
        }
    }

    private static void discard(LocalCluster cluster, Path root, Exception cause) {
        try {
            if (cluster != null) {
                cluster.destroy();
            } else {
                deleteTree(root);
            }
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
