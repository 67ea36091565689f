package org.drjenkins.engine.postgres;

import java.io.File;
import java.io.IOException;
import java.util.List;
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

    /** Ends a child process and waits (bounded) until it is really gone. */
    public static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
