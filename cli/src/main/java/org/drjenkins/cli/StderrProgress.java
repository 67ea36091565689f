package org.drjenkins.cli;

import java.io.PrintStream;
import java.time.Duration;
import org.drjenkins.engine.config.Durations;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.util.ByteSizes;

/**
 * Progress for long work on stderr (stdout stays clean for {@code --json}): a line per phase and, every few seconds,
 * bytes, throughput and ETA. Plain lines, so logs of cron jobs and CI read well.
 */
final class StderrProgress implements Progress {

    private static final long INTERVAL_NANOS = Duration.ofSeconds(2).toNanos();

    private final PrintStream err;
    private final boolean quiet;
    private long phaseStart = System.nanoTime();
    private long lastPrint;

    StderrProgress(PrintStream err, boolean quiet) {
        this.err = err;
        this.quiet = quiet;
    }

    @Override
    public synchronized void phase(String description) {
        phaseStart = System.nanoTime();
        lastPrint = phaseStart;
        if (!quiet) {
            err.println("==> " + description);
        }
    }

    @Override
    public synchronized void bytes(long done, long total) {
        long now = System.nanoTime();
        if (quiet || now - lastPrint < INTERVAL_NANOS) {
            return;
        }
        lastPrint = now;
        double seconds = Math.max(1e-3, (now - phaseStart) / 1e9);
        double rate = done / seconds;
        StringBuilder line = new StringBuilder("    ").append(ByteSizes.human(done));
        if (total > 0) {
            line.append(" of ~").append(ByteSizes.human(total));
        }
        line.append(", ").append(ByteSizes.human((long) rate)).append("/s");
        if (total > done && rate > 0) {
            line.append(", ETA ").append(Durations.format(Duration.ofSeconds((long) ((total - done) / rate))));
        }
        err.println(line);
    }

    @Override
    public synchronized void info(String message) {
        if (!quiet) {
            err.println("    " + message);
        }
    }
}
