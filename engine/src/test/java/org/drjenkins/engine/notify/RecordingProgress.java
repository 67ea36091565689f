package org.drjenkins.engine.notify;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.drjenkins.engine.progress.Progress;

/** Keeps every progress line, so tests can assert no secret ever reaches the log. */
final class RecordingProgress implements Progress {

    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void phase(String description) {
        lines.add(description);
    }

    @Override
    public void bytes(long done, long total) {
    }

    @Override
    public void info(String message) {
        lines.add(message);
    }
}
