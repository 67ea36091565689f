package org.drjenkins.engine.storage;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a store may take, so that no call waits forever on a store that stopped answering (a frozen process keeps
 * its sockets open: without these, a blocked write never ends).
 *
 * @param connect  opening a TCP connection
 * @param progress no byte sent or received for this long ends the attempt (the progress watchdog of
 *                 {@link ProgressWatchdogHttpClient}; twice this is the socket's read timeout, which also bounds reading a
 *                 response body); the SDK then retries it on a new
 *                 connection, and gives up after its bounded attempts
 * @param attempt  one attempt of one request at most, however steadily it moves (a 1 GiB part at 2 MB/s takes 9 min)
 * @param call     one call at most, all its attempts and their back-off included
 * @param probe    the store check a backup makes before its source starts ({@link ObjectStore#probe()})
 */
public record StoreTimeouts(Duration connect, Duration progress, Duration attempt, Duration call, Duration probe) {

    public static final StoreTimeouts DEFAULT = new StoreTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(15), Duration.ofMinutes(45), Duration.ofSeconds(10));

    public StoreTimeouts {
        for (Duration d : new Duration[] {connect, progress, attempt, call, probe}) {
            Objects.requireNonNull(d, "timeout");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("store timeouts must be positive, was " + d);
            }
        }
        if (attempt.compareTo(progress) < 0 || call.compareTo(attempt) < 0) {
            throw new IllegalArgumentException("store timeouts must grow: progress " + progress + " <= attempt " + attempt
                    + " <= call " + call);
        }
    }

    /** The same limits with another progress timeout (tests freeze a store and cannot wait 30 s per attempt). */
    public StoreTimeouts withProgress(Duration newProgress) {
        return new StoreTimeouts(connect, newProgress, attempt, call, probe);
    }
}
