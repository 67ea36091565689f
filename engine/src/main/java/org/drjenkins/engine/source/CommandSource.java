package org.drjenkins.engine.source;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.drjenkins.engine.progress.Progress;

/**
 * The standard output of a shell command ({@code sh -c}) as the content, e.g. {@code vault operator raft snapshot save
 * /dev/stdout}. Output is streamed, never held whole. A non-zero exit is a failed backup whose message carries the last
 * line of stderr. When the output cannot be written (a failed upload) or the calling thread is interrupted, the command
 * and everything it started are killed, so nothing keeps running behind a failed backup.
 */
public final class CommandSource implements BackupSource {

    private static final int BUFFER_SIZE = 256 * 1024;
    private static final long STDERR_GRACE_MILLIS = 5_000;

    private final String name;
    private final String command;
    private final boolean allowEmpty;

    /**
     * @param name    the artifact's base name, e.g. "vault" for {@code vault.out}
     * @param command a shell command line, run with {@code sh -c}
     */
    public CommandSource(String name, String command) {
        this(name, command, false);
    }

    /**
     * @param allowEmpty whether a command that writes nothing is a valid backup; otherwise empty output fails the
     *                   backup, because a 0-byte export that exits 0 is far more often broken than truly empty
     */
    public CommandSource(String name, String command, boolean allowEmpty) {
        this.name = Objects.requireNonNull(name, "name");
        this.command = Objects.requireNonNull(command, "command");
        this.allowEmpty = allowEmpty;
    }

    @Override
    public String artifactName() {
        return name + ".out";
    }

    @Override
    public SourceResult writeTo(OutputStream out, Progress progress) throws IOException, InterruptedException {
        Process process = start();
        StderrTail stderr = new StderrTail(process.getErrorStream(), "dr-command-stderr-" + process.pid());
        // The copy runs on its own thread so this one can wait interruptibly: a blocking pipe read ignores interrupts.
        ExecutorService copier = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "dr-command-stdout-" + process.pid());
            thread.setDaemon(true);
            return thread;
        });
        try {
            Future<Long> copy = copier.submit(() -> copy(process.getInputStream(), out, progress));
            long bytes = awaitCopy(copy, process);
            int exitCode = process.waitFor();
            Instant consistentAt = Instant.now();
            stderr.awaitEnd(STDERR_GRACE_MILLIS);
            if (exitCode != 0) {
                String reason = stderr.lastLine();
                throw new SourceException("command exited " + exitCode + (reason.isEmpty() ? " (no output on stderr)" : ": " + reason));
            }
            if (bytes == 0 && !allowEmpty) {
                String reason = stderr.lastLine();
                throw new SourceException("command exited 0 but wrote nothing to standard output" + (reason.isEmpty() ? "" : " (stderr: "
                        + reason + ")") + ": an empty backup restores nothing; fix the command, or set allowEmpty: true on the "
                        + "component if empty output is valid");
            }
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("command", command);
            metadata.put("exitCode", exitCode);
            metadata.put("bytes", bytes);
            return new SourceResult(consistentAt, metadata);
        } finally {
            if (process.isAlive() || process.descendants().findAny().isPresent()) {
                killTree(process);
            }
            copier.shutdownNow();
        }
    }

    private Process start() throws SourceException {
        try {
            return new ProcessBuilder(List.of("sh", "-c", command))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new SourceException("cannot start sh to run the command: " + e.getMessage(), e);
        }
    }

    private static long copy(InputStream stdout, OutputStream out, Progress progress) throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        long total = 0;
        try (stdout) {
            int n;
            while ((n = stdout.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                total += n;
                progress.bytes(total, -1);
            }
        }
        return total;
    }

    /** Waits for the copy; on failure or interruption kills the command first, so the copier's pipe read ends. */
    private static long awaitCopy(Future<Long> copy, Process process) throws IOException, InterruptedException {
        try {
            return copy.get();
        } catch (InterruptedException e) {
            killTree(process);
            awaitQuietly(copy);
            throw e;
        } catch (ExecutionException e) {
            killTree(process);
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException("copying the command's output failed: " + cause, cause);
        }
    }

    private static void awaitQuietly(Future<Long> copy) {
        try {
            copy.get(STDERR_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception ignored) {
            // Only waiting for the copier to notice the closed pipe; its outcome no longer matters.
        }
    }

    /** Children first (a pipeline's members would otherwise live on as orphans), then the shell. */
    private static void killTree(Process process) {
        java.util.List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroyForcibly);
        // Wait while the shell still lives to reap them: killed first, an orphan would linger as a zombie.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STDERR_GRACE_MILLIS);
        for (ProcessHandle child : children) {
            while (child.isAlive() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        process.destroyForcibly();
        try {
            process.waitFor(STDERR_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
