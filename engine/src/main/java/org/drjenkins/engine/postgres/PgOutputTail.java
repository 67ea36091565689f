package org.drjenkins.engine.postgres;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Drains a tool's stderr (or merged output) on its own thread so the tool never blocks on a full pipe, keeping only
 * the last lines: what an error message needs, bounded however chatty the tool is.
 */
public final class PgOutputTail {

    private static final int KEPT_LINES = 40;
    private static final int MAX_LINE_CHARS = 2000;

    private final Deque<String> lines = new ArrayDeque<>();
    private final Thread thread;

    private PgOutputTail(InputStream in, String threadName) {
        thread = new Thread(() -> drain(in), threadName);
        thread.setDaemon(true);
    }

    /** Starts draining {@code in} on a daemon thread. */
    public static PgOutputTail start(InputStream in, String threadName) {
        PgOutputTail tail = new PgOutputTail(in, threadName);
        tail.thread.start();
        return tail;
    }

    private void drain(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String kept = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "..." : line;
                synchronized (lines) {
                    lines.addLast(kept.strip());
                    if (lines.size() > KEPT_LINES) {
                        lines.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // The process was killed or its pipe closed: what was read so far is all there is.
        }
    }

    /** Waits (bounded) until the stream ended, so the lines are complete after the process exited. */
    public void awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        thread.join(Math.max(1, unit.toMillis(timeout)));
    }

    /** The kept lines, oldest first. */
    public List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    /** The last {@code n} lines joined with " | ", to keep an error message on one line. */
    public String lastLines(int n) {
        List<String> all = lines();
        return String.join(" | ", all.subList(Math.max(0, all.size() - n), all.size()));
    }

    /**
     * The line that best explains a failure: the last one reporting an error (pg_restore prints the failed SQL after
     * its error line, so the very last line is often just a statement), without the {@code tool: error: } prefix.
     */
    public String errorSummary() {
        List<String> all = lines();
        for (int i = all.size() - 1; i >= 0; i--) {
            String line = all.get(i);
            if (line.contains("error:") || line.contains("FATAL:") || line.contains("ERROR:")
                    || line.contains("PANIC:")) {
                return stripToolPrefix(line);
            }
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            String line = all.get(i);
            // Hints ("Try pg_rewind --help") and details follow the line that names the problem.
            if (!line.matches("^[a-z_]+: (hint|detail): .*") && !line.startsWith("HINT:")
                    && !line.startsWith("DETAIL:")) {
                return stripToolPrefix(line);
            }
        }
        return all.isEmpty() ? "(no error output)" : stripToolPrefix(all.get(all.size() - 1));
    }

    static String stripToolPrefix(String line) {
        return line.replaceFirst("^[a-z_]+: (error|fatal|warning): ", "").replaceAll("\\s{2,}", " ");
    }
}
