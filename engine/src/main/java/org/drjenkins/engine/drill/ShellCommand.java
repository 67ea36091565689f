package org.drjenkins.engine.drill;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.drjenkins.engine.failover.Seconds;

/**
 * Runs a configured {@code faultCommand} or {@code rejoinCommand} with {@code sh -c}: for servers the engine cannot
 * stop or rebuild itself (another machine, a managed service). Stops it, and everything it started, on timeout or
 * interruption.
 */
final class ShellCommand {

    private static final int TAIL_LINES = 5;

    private ShellCommand() {
    }

    /**
     * @param what  names the command in messages, e.g. {@code faultCommand of us-east-1}
     * @param env   the drill's environment ({@link DrillTools#env()}; in Jenkins with the step's credential
     *              variables), laid over this JVM's
     * @param extra environment variables for the command (which region, which URLs); they win over {@code env}
     * @return the last lines of its output
     * @throws PhaseFailedException when it exits non-zero or does not finish in time
     */
    static String run(String what, String command, Map<String, String> env, Map<String, String> extra,
            Duration timeout) throws PhaseFailedException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true);
        // Documented as passed to the commands, but only the JVM's environment was: in Jenkins the drill's adds the
        // step's credential variables to the agent's, and a command never saw them.
        pb.environment().putAll(env);
        pb.environment().putAll(extra);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new PhaseFailedException(what + " could not start: " + e.getMessage());
        }
        Deque<String> tail = new ArrayDeque<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > TAIL_LINES) {
                            tail.removeFirst();
                        }
                    }
                }
            } catch (IOException ignored) {
                // The process ended or was killed.
            }
        }, "dr-shell-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new PhaseFailedException(what + " did not finish within " + Seconds.text(timeout) + ": "
                        + masked(last(tail), env));
            }
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
        reader.join(2000);
        if (process.exitValue() != 0) {
            throw new PhaseFailedException(what + " exited " + process.exitValue() + ": " + masked(last(tail), env));
        }
        return masked(last(tail), env);
    }

    /** Values shorter than this are too common (ports, "true") to be told apart from ordinary output. */
    static final int MIN_MASKED_LENGTH = 6;

    /**
     * The output goes into phase details, reports and exceptions. The drill's environment holds what this JVM's does
     * not, in Jenkins the step's credential variables (webhook URLs, the DNS key): a command that prints one must not
     * put it there, so every such value is replaced by {@code ****}.
     */
    static String masked(String output, Map<String, String> env) {
        Map<String, String> own = System.getenv();
        String result = output;
        for (Map.Entry<String, String> entry : env.entrySet()) {
            String value = entry.getValue();
            if (value != null && value.length() >= MIN_MASKED_LENGTH && !value.equals(own.get(entry.getKey()))) {
                result = result.replace(value, "****");
            }
        }
        return result;
    }

    private static String last(Deque<String> tail) {
        synchronized (tail) {
            return tail.isEmpty() ? "(no output)" : String.join(" | ", tail);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
