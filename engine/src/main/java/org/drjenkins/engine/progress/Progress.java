package org.drjenkins.engine.progress;

/**
 * Where long work reports how far it is. The CLI prints to stderr, the plugin to the build log; tests may record.
 * Implementations must be thread-safe (uploads report from several threads) and cheap when called often.
 */
public interface Progress {

    /** A new phase starts, e.g. "dump database" or "copy to eu-west-1". */
    void phase(String description);

    /** Bytes done so far in the current phase; {@code total} is -1 when unknown. */
    void bytes(long done, long total);

    /** A one-line remark worth a log line. */
    void info(String message);

    Progress NONE = new Progress() {
        @Override
        public void phase(String description) {
        }

        @Override
        public void bytes(long done, long total) {
        }

        @Override
        public void info(String message) {
        }
    };
}
