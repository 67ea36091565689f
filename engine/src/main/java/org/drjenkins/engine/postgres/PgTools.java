package org.drjenkins.engine.postgres;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the PostgreSQL programs (pg_dump, pg_restore, initdb, pg_ctl, pg_basebackup, pg_rewind) live, and how to start
 * them. Lookup order: {@code DR_PG_BIN}; {@code /usr/lib/postgresql/15/bin}; the newest
 * {@code /usr/lib/postgresql/<version>/bin}; the {@code PATH}.
 * <p>
 * Server-side programs (initdb, pg_ctl, postgres, pg_basebackup into a data directory, pg_rewind) refuse to run as
 * root, so {@link #serverCommand} runs them as the {@code postgres} OS user when this JVM is root.
 */
public final class PgTools {

    public static final String ENV_BIN = "DR_PG_BIN";
    public static final String INSTALL_HINT = "apt-get install postgresql-15";
    /** The OS account server programs run as when this JVM runs as root (Debian's packages create it). */
    public static final String SERVER_OS_USER = "postgres";

    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");
    private static final String PROBE = "pg_dump";

    private final Path binDir;

    private PgTools(Path binDir) {
        this.binDir = binDir;
    }

    /** Finds the tools on this machine. */
    public static PgTools locate() throws PostgresException {
        return locate(System.getenv(), DEBIAN_ROOT);
    }

    /** Uses the tools in {@code binDir}, which must hold pg_dump. */
    public static PgTools at(Path binDir) throws PostgresException {
        if (!Files.isExecutable(binDir.resolve(PROBE))) {
            throw new MissingToolException("No PostgreSQL tools in " + binDir + " (no executable pg_dump): "
                    + INSTALL_HINT + " or point " + ENV_BIN + " at the bin directory");
        }
        return new PgTools(binDir.toAbsolutePath());
    }

    static PgTools locate(Map<String, String> env, Path debianRoot) throws PostgresException {
        String override = env.get(ENV_BIN);
        if (override != null && !override.isBlank()) {
            Path dir = Path.of(override.trim());
            if (!Files.isExecutable(dir.resolve(PROBE))) {
                throw new MissingToolException(ENV_BIN + "=" + dir + " holds no executable pg_dump: fix " + ENV_BIN
                        + " or unset it to use " + debianRoot + "/<version>/bin");
            }
            return new PgTools(dir.toAbsolutePath());
        }
        Path preferred = debianRoot.resolve("15").resolve("bin");
        if (Files.isExecutable(preferred.resolve(PROBE))) {
            return new PgTools(preferred);
        }
        Optional<Path> newest = newestDebianBin(debianRoot);
        if (newest.isPresent()) {
            return new PgTools(newest.get());
        }
        Optional<Path> onPath = onPath(env.getOrDefault("PATH", ""));
        if (onPath.isPresent()) {
            return new PgTools(onPath.get());
        }
        throw new MissingToolException("PostgreSQL tools not found (looked at " + ENV_BIN + ", " + debianRoot
                + "/*/bin and PATH): " + INSTALL_HINT + ", or set " + ENV_BIN + " to the directory holding pg_dump");
    }

    private static Optional<Path> newestDebianBin(Path debianRoot) {
        if (!Files.isDirectory(debianRoot)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(debianRoot)) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                    .filter(v -> Files.isExecutable(v.resolve("bin").resolve(PROBE)))
                    .max(Comparator.comparingDouble(v -> Double.parseDouble(v.getFileName().toString())))
                    .map(v -> v.resolve("bin"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> onPath(String path) {
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, PROBE))) {
                return Optional.of(Path.of(dir).toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    public Path binDir() {
        return binDir;
    }

    /** The path of one program, e.g. {@code tool("pg_restore")}. */
    public Path tool(String name) throws PostgresException {
        Path tool = binDir.resolve(name);
        if (!Files.isExecutable(tool)) {
            throw new MissingToolException(name + " not found in " + binDir + ": " + INSTALL_HINT
                    + " (it ships all server and client programs)");
        }
        return tool;
    }

    /** A client program run as this JVM's user, e.g. {@code command("pg_dump", "-Fc", ...)}. */
    public ProcessBuilder command(String tool, String... args) throws PostgresException {
        List<String> cmd = new ArrayList<>();
        cmd.add(tool(tool).toString());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    /**
     * A server program (initdb, pg_ctl, pg_basebackup, pg_rewind) run as the {@code postgres} OS user when this JVM
     * is root, since PostgreSQL refuses root; runs directly otherwise. The environment (e.g. PGPASSWORD) is passed on.
     * The working directory is {@code /} so the postgres user never trips over a private current directory.
     */
    public ProcessBuilder serverCommand(String tool, String... args) throws PostgresException {
        return serverCommandAs(SERVER_OS_USER, tool, args);
    }

    /**
     * A server program run as {@code osUser} when this JVM is root (the owner of an existing cluster's data directory,
     * which need not be {@code postgres}); runs directly otherwise, since only root can switch users.
     */
    public ProcessBuilder serverCommandAs(String osUser, String tool, String... args) throws PostgresException {
        List<String> cmd = new ArrayList<>();
        if (runningAsRoot() && !"root".equals(osUser)) {
            cmd.add(runuser());
            cmd.add("-u");
            cmd.add(osUser);
            cmd.add("--");
        }
        cmd.add(tool(tool).toString());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(new File("/"));
    }

    /** Whether this JVM runs as root (then server programs and their files belong to {@code postgres}). */
    public static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String runuser() throws PostgresException {
        for (String candidate : List.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new MissingToolException("Running PostgreSQL server programs as root needs runuser (util-linux) to switch"
                + " to the " + SERVER_OS_USER + " user: apt-get install util-linux, or run as a non-root user");
    }

    @Override
    public String toString() {
        return "PgTools[" + binDir + "]";
    }
}
