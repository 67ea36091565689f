package org.drjenkins.engine.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drjenkins.engine.util.TempFiles;

/**
 * Any PostgreSQL cluster on this machine, known by its data directory: made by plain {@code initdb}, by Debian's
 * {@code pg_createcluster} (configuration in /etc/postgresql/VERSION/NAME) or by {@link LocalCluster}. Nothing of
 * ours is required in it. Its settings are read the way PostgreSQL reads them, by asking {@code postgres -C} with the
 * options the server was started with ({@code postmaster.opts}, e.g. {@code -c config_file=/etc/...}), so includes,
 * {@code postgresql.auto.conf} and configuration outside the data directory all count.
 * <p>
 * Its programs run as the owner of the data directory (when we are root; PostgreSQL refuses root and insists the data
 * directory belongs to the user running it).
 */
public final class ClusterDirectory {

    static final String OPTS_FILE = "postmaster.opts";
    /** Where {@link #start} sends the server's early output (what logging_collector does not take). */
    static final String START_LOG = "server.log";

    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    private final PgTools tools;
    private final Path dataDir;
    private final String owner;
    private final List<String> startOptions;

    private ClusterDirectory(PgTools tools, Path dataDir, String owner, List<String> startOptions) {
        this.tools = tools;
        this.dataDir = dataDir;
        this.owner = owner;
        this.startOptions = List.copyOf(startOptions);
    }

    /**
     * The cluster in {@code dataDir}, with the start options its last start recorded.
     *
     * @throws PostgresException when {@code dataDir} holds no cluster (no PG_VERSION)
     */
    public static ClusterDirectory at(Path dataDir) throws PostgresException {
        Path dir = dataDir.toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("PG_VERSION"))) {
            throw new PostgresException(dir + " is not a PostgreSQL data directory (no PG_VERSION): set the region's "
                    + "dataDirectory to the directory the server runs from (SHOW data_directory)");
        }
        return new ClusterDirectory(PgTools.locate(), dir, ClusterOwner.of(dir), recordedOptions(dir));
    }

    /**
     * The same cluster, told its configuration file by the running server ({@code SHOW config_file}): a server
     * started without postmaster.opts options (a service manager's own command line) still gets it back.
     */
    public ClusterDirectory withConfigFile(Path configFile) {
        Path file = configFile.toAbsolutePath().normalize();
        if (file.equals(dataDir.resolve("postgresql.conf")) || configFileOption().isPresent()) {
            return this;
        }
        List<String> options = new ArrayList<>(startOptions);
        options.add("-c");
        options.add("config_file=" + file);
        return new ClusterDirectory(tools, dataDir, owner, options);
    }

    /** The options after {@code -D DIR} of the last start, as postmaster.opts recorded them; empty when none. */
    static List<String> recordedOptions(Path dataDir) {
        String text;
        try {
            text = Files.readString(dataDir.resolve(OPTS_FILE)).trim();
        } catch (IOException e) {
            return List.of();
        }
        List<String> args = new ArrayList<>();
        Matcher m = QUOTED.matcher(text);
        while (m.find()) {
            args.add(m.group(1));
        }
        List<String> options = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-D") || arg.equals("--pgdata")) {
                i++; // we always pass our own -D
            } else if (!arg.startsWith("-D") && !arg.startsWith("--pgdata=")) {
                options.add(arg);
            }
        }
        return options;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The OS user that owns the data directory, and runs the server. */
    public String owner() {
        return owner;
    }

    /** The server options besides {@code -D}, e.g. {@code [-c, config_file=/etc/postgresql/15/main/postgresql.conf]}. */
    public List<String> startOptions() {
        return startOptions;
    }

    /** A setting as the server would read it at its next start: {@code postgres -C NAME -D DIR OPTIONS}. */
    public String setting(String name) throws PostgresException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-C", name, "-D", dataDir.toString()));
        args.addAll(startOptions);
        List<String> out = PgProcesses.run(tools.serverCommandAs(owner, "postgres", args.toArray(String[]::new)),
                "postgres -C " + name + " in " + dataDir, 30);
        return out.isEmpty() ? "" : out.get(out.size() - 1).trim();
    }

    public int port() throws PostgresException, InterruptedException {
        String value = setting("port");
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new PostgresException("postgres -C port in " + dataDir + " answered '" + value + "', not a port");
        }
    }

    /** The main configuration file: {@code config_file} when given, else postgresql.conf in the data directory. */
    public Path configFile() {
        return configFileOption().orElse(dataDir.resolve("postgresql.conf"));
    }

    private Optional<Path> configFileOption() {
        for (int i = 0; i < startOptions.size(); i++) {
            String arg = startOptions.get(i);
            String value = null;
            if ((arg.equals("-c") || arg.equals("--")) && i + 1 < startOptions.size()
                    && startOptions.get(i + 1).matches("config[_-]file=.*")) {
                value = startOptions.get(i + 1);
            } else if (arg.matches("--config[_-]file=.*") || arg.matches("-cconfig[_-]file=.*")) {
                value = arg;
            }
            if (value != null) {
                return Optional.of(Path.of(value.substring(value.indexOf('=') + 1)));
            }
        }
        return Optional.empty();
    }

    public boolean isRunning() {
        OptionalLong pid = postmasterPid();
        return pid.isPresent() && PgProcesses.isRunning(pid.getAsLong());
    }

    private OptionalLong postmasterPid() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty(); // absent, or half-written while the server starts or stops
        }
    }

    /** {@code fast} ends sessions and writes a checkpoint; {@code immediate} is a crash. Nothing to do when stopped. */
    public void stop(String mode) throws PostgresException, InterruptedException {
        if (!isRunning()) {
            return;
        }
        PgProcesses.run(tools.serverCommandAs(owner, "pg_ctl", "-D", dataDir.toString(), "-m", mode, "-w", "-t", "60",
                "stop"), "pg_ctl stop -m " + mode + " in " + dataDir, 120);
    }

    /** Starts the server with the options it was started with before, and waits until it accepts connections. */
    public void start() throws PostgresException, InterruptedException {
        if (isRunning()) {
            return;
        }
        List<String> args = new ArrayList<>(List.of("-D", dataDir.toString(), "-l",
                dataDir.resolve(START_LOG).toString(), "-w", "-t", "60"));
        if (!startOptions.isEmpty()) {
            args.add("-o");
            args.add(shellWords(startOptions)); // pg_ctl hands -o to a shell
        }
        args.add("start");
        PgProcesses.run(tools.serverCommandAs(owner, "pg_ctl", args.toArray(String[]::new)),
                "pg_ctl start in " + dataDir + " (log: " + dataDir.resolve(START_LOG) + ")", 120);
    }

    /**
     * Makes this stopped former primary follow {@code source} with {@code pg_rewind -R}, keeping its own
     * configuration: pg_rewind copies the source's files, configuration in the data directory included.
     *
     * @param env PGPASSWORD when the source needs one, never on the command line
     */
    public void rewindFrom(PgUrl source, Map<String, String> env, Duration timeout)
            throws PostgresException, InterruptedException {
        ConfigFiles own = ConfigFiles.read(dataDir, configFile());
        List<String> args = new ArrayList<>(List.of("--target-pgdata=" + dataDir, "--source-server=" + source.libpqUrl(),
                "-R"));
        // A crashed target is first recovered in single-user mode, which must find its configuration too.
        configFileOption().ifPresent(file -> args.add("--config-file=" + file));
        ProcessBuilder pb = tools.serverCommandAs(owner, "pg_rewind", args.toArray(String[]::new));
        pb.environment().putAll(env);
        PgProcesses.run(pb, "pg_rewind of " + dataDir + " from " + source, timeout.toSeconds());
        own.restore(owner);
        deleteCopiedLog();
    }

    /**
     * Replaces the data directory by a fresh base backup of {@code source} ({@code pg_basebackup -R}), keeping this
     * cluster's own configuration files. The old directory is moved aside, not deleted: the caller deletes it once the
     * rebuilt standby is proven, and it is put back if the base backup fails.
     *
     * @return where the old directory was moved
     */
    public Path rebuildFrom(PgUrl source, Map<String, String> env, Duration timeout)
            throws PostgresException, InterruptedException {
        ConfigFiles own = ConfigFiles.read(dataDir, configFile());
        Path aside = dataDir.resolveSibling(dataDir.getFileName() + ".before-rejoin-" + System.currentTimeMillis());
        try {
            Files.move(dataDir, aside);
            Files.createDirectory(dataDir);
            ClusterOwner.hand(dataDir, owner);
        } catch (IOException e) {
            throw new PostgresException("Cannot move " + dataDir + " aside to " + aside + " for a fresh base backup: "
                    + e.getMessage(), e);
        }
        try {
            ProcessBuilder pb = tools.serverCommandAs(owner, "pg_basebackup", "-d", source.libpqUrl(), "-D",
                    dataDir.toString(), "-R", "-X", "stream", "-c", "fast", "--no-password");
            pb.environment().putAll(env);
            PgProcesses.run(pb, "pg_basebackup of " + source + " into " + dataDir, timeout.toSeconds());
            own.restore(owner);
            deleteCopiedLog();
            return aside;
        } catch (PostgresException | InterruptedException | RuntimeException e) {
            putBack(aside, e);
            throw e;
        }
    }

    private void putBack(Path aside, Exception cause) {
        try {
            TempFiles.deleteRecursively(dataDir);
            Files.move(aside, dataDir);
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private void deleteCopiedLog() throws PostgresException {
        try {
            Files.deleteIfExists(dataDir.resolve(START_LOG)); // the source's log, not ours
        } catch (IOException e) {
            throw new PostgresException("Cannot delete " + dataDir.resolve(START_LOG) + ": " + e.getMessage(), e);
        }
    }

    static String shellWords(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String word : words) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append('\'').append(word.replace("'", "'\\''")).append('\'');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "ClusterDirectory[" + dataDir + ", owner " + owner + (startOptions.isEmpty() ? "" : ", " + startOptions)
                + "]";
    }
}
