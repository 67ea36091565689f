package org.drjenkins.engine.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A cluster's postmaster process as its {@code postmaster.pid} names it: whether it is alive (and really a postgres,
 * not a reused pid), and waiting, bounded, until it is gone after a shutdown.
 */
final class Postmaster {

    /** How long a postmaster may take to exit after pg_ctl said it stopped, before that counts as a failure. */
    static final Duration EXIT_WAIT = Duration.ofSeconds(15);
    private static final long POLL_MILLIS = 20;

    private Postmaster() {
    }

    /** The pid in {@code dataDir/postmaster.pid}; empty when absent or half-written (the server starts or stops). */
    static OptionalLong pidOf(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Whether {@code pid} runs and is a postgres: a stale postmaster.pid may name a pid reused by another program. */
    static boolean isAlive(long pid) {
        if (!PgProcesses.isRunning(pid)) {
            return false;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return false;
        }
        return handle.get().info().command().map(c -> c.endsWith("postgres")).orElse(true);
    }

    /** Waits until {@code pid} has exited; a pid of 0 or less is none. */
    static void awaitGone(long pid) throws PostgresException, InterruptedException {
        long deadline = System.nanoTime() + EXIT_WAIT.toNanos();
        while (pid > 0 && isAlive(pid)) {
            if (System.nanoTime() > deadline) {
                throw new PostgresException("PostgreSQL postmaster " + pid + " is still running "
                        + EXIT_WAIT.toSeconds() + " s after shutdown");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
