package org.drjenkins.engine.postgres;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs a short PostgreSQL program to completion and turns a failure into one clear line. */
public final class PgProcesses {

    private PgProcesses() {
    }

    /**
     * Runs {@code pb} (stdout and stderr merged, stdin empty) and returns its last output lines.
     *
     * @param what names the step in error messages, e.g. "initdb in /tmp/x"
     * @throws PostgresException "what exited N: error line", or on timeout; the process is gone either way
     */
    public static List<String> run(ProcessBuilder pb, String what, long timeoutSeconds)
            throws PostgresException, InterruptedException {
        pb.redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new PostgresException(what + " could not start: " + e.getMessage(), e);
        }
        PgOutputTail output = PgOutputTail.start(process.getInputStream(), "pg-output " + process.pid());
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                kill(process);
                throw new PostgresException(what + " did not finish within " + timeoutSeconds + " s: "
                        + output.lastLines(3));
            }
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
        output.awaitEnd(5, TimeUnit.SECONDS);
        if (process.exitValue() != 0) {
            throw new PostgresException(what + " exited " + process.exitValue() + ": " + output.errorSummary());
        }
        return output.lines();
    }

    /**
     * Whether {@code pid} names a process that still runs. A process that has exited but not yet been reaped by its
     * parent (a zombie) does not: it holds no memory, port or file any more. A stopped server is reparented to init,
     * and this machine's init reaps only every second or two, so waiting for the zombie to vanish cost each stop
     * about 1.5 s for nothing.
     */
    public static boolean isRunning(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Format "pid (comm) S …": the state follows the last ')' because comm may itself contain one.
            int close = stat.lastIndexOf(')');
            return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
        } catch (IOException e) {
            return handle.get().isAlive(); // No /proc (not Linux) or the process just went away.
        }
    }

    /**
     * Ends a child process and waits (bounded) until it is really gone. Its descendants go first and again until none
     * is left, while it still lives: a child it forks meanwhile (runuser's initdb, initdb's postgres) would otherwise be
     * orphaned, out of reach of {@link Process#descendants}, and run on.
     */
    public static void kill(Process process) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        int quietRounds = 0;
        while (process.isAlive() && quietRounds < 2 && System.nanoTime() < deadline) {
            List<ProcessHandle> children = process.descendants().toList();
            children.forEach(ProcessHandle::destroyForcibly);
            quietRounds = children.isEmpty() ? quietRounds + 1 : 0;
            children.forEach(child -> child.onExit().completeOnTimeout(child, 200, TimeUnit.MILLISECONDS).join());
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
