package io.jenkins.plugins.dr.agent;

import java.io.PrintStream;
import java.time.Duration;
import org.drjenkins.engine.config.Durations;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.util.ByteSizes;

/**
 * The engine's progress in the build log: a line per phase, remarks, and bytes with throughput at most every ten
 * seconds (a build log is read later, a terminal watched: fewer, denser lines).
 */
public final class BuildLogProgress implements Progress {
    private static final long INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

    private final PrintStream log;
    private final String prefix;
    private long phaseStart = System.nanoTime();
    private long lastPrint;

    public BuildLogProgress(PrintStream log, String stepName) {
        this.log = log;
        this.prefix = "[" + stepName + "] ";
    }

    @Override
    public synchronized void phase(String description) {
        phaseStart = System.nanoTime();
        lastPrint = phaseStart;
        log.println(prefix + description);
    }

    @Override
    public synchronized void bytes(long done, long total) {
        long now = System.nanoTime();
        if (now - lastPrint < INTERVAL_NANOS) {
            return;
        }
        lastPrint = now;
        double seconds = Math.max(1e-3, (now - phaseStart) / 1e9);
        double rate = done / seconds;
        StringBuilder line = new StringBuilder(prefix).append("  ").append(ByteSizes.human(done));
        if (total > 0) {
            line.append(" of ~").append(ByteSizes.human(total));
        }
        line.append(", ").append(ByteSizes.human((long) rate)).append("/s");
        if (total > done && rate > 0) {
            line.append(", ETA ").append(Durations.format(Duration.ofSeconds((long) ((total - done) / rate))));
        }
        log.println(line);
    }

    @Override
    public synchronized void info(String message) {
        log.println(prefix + "  " + message);
    }
}
