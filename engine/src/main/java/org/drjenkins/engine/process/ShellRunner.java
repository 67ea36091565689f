package org.drjenkins.engine.process;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an operator's shell command ({@code sh -c}: a faultCommand, rejoinCommand or fenceCommand) bounded in time,
 * stdin empty, stdout and stderr merged, and keeps the last lines of its output. On timeout or interruption the command
 * and everything it started are killed. The one runner behind the drill's commands and the failover's fence, so both
 * stop a hung command the same way; callers turn the outcome into their own failure.
 */
public final class ShellRunner {

    /** Enough for any caller's tail (the longest is a 400-character one-line summary). */
    static final int KEPT_LINES = 64;

    private ShellRunner() {
    }

    /**
     * How a command ended.
     *
     * @param exitCode its exit status; -1 when it timed out
     * @param timedOut killed because it overran
     * @param tail     its last output lines, as printed
     */
    public record Outcome(int exitCode, boolean timedOut, List<String> tail) {

        public boolean succeeded() {
            return !timedOut && exitCode == 0;
        }

        /** The last {@code n} lines joined with {@code " | "}, or {@code (no output)}. */
        public String lastLines(int n) {
            List<String> lines = tail.subList(Math.max(0, tail.size() - n), tail.size());
            return lines.isEmpty() ? "(no output)" : String.join(" | ", lines);
        }

        /** Non-blank lines, stripped and joined with {@code " | "}, cut to the last {@code chars}. */
        public String summary(int chars) {
            String text = String.join(" | ", tail.stream().map(String::strip).filter(l -> !l.isEmpty()).toList());
            if (text.isEmpty()) {
                return "(no output)";
            }
            return text.length() <= chars ? text : "…" + text.substring(text.length() - chars);
        }
    }

    /**
     * @param env variables laid over this JVM's environment (later maps win)
     * @throws IOException when {@code sh} cannot start
     */
    @SafeVarargs
    public static Outcome run(String command, Duration timeout, Map<String, String>... env)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        for (Map<String, String> vars : env) {
            pb.environment().putAll(vars);
        }
        Process process = pb.start();
        Deque<String> tail = new ArrayDeque<>();
        Thread reader = new Thread(() -> collect(process, tail), "dr-shell-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                reader.join(2000);
                return new Outcome(-1, true, snapshot(tail));
            }
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
        reader.join(2000);
        return new Outcome(process.exitValue(), false, snapshot(tail));
    }

    /** Values shorter than this are too common (ports, "true") to be told apart from ordinary output. */
    public static final int MIN_MASKED_LENGTH = 6;

    /**
     * Output goes into details, reports and exceptions. The caller's {@code env} holds what this JVM's does not (in
     * Jenkins the step's credential variables): a command that prints one must not put it there, so every such value
     * is replaced by {@code ****}.
     */
    public static String masked(String output, Map<String, String> env) {
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

    private static void collect(Process process, Deque<String> tail) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > KEPT_LINES) {
                        tail.removeFirst();
                    }
                }
            }
        } catch (IOException ignored) {
            // The process ended or was killed.
        }
    }

    private static List<String> snapshot(Deque<String> tail) {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
