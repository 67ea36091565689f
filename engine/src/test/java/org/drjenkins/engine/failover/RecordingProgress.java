package org.drjenkins.engine.failover;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.drjenkins.engine.progress.Progress;

/** Keeps every progress line, so a failing test can show what the engine said. */
public final class RecordingProgress implements Progress {

    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void phase(String description) {
        lines.add(java.time.LocalTime.now() + " ==> " + description);
    }

    @Override
    public void bytes(long done, long total) {
    }

    @Override
    public void info(String message) {
        lines.add(java.time.LocalTime.now() + "     " + message);
    }

    public List<String> lines() {
        return lines;
    }

    @Override
    public String toString() {
        return String.join("\n", lines);
    }
}
