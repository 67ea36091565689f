package org.drjenkins.engine.restore;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.manifest.VerificationRecord.CheckResult;

/**
 * Restores one component's raw content into a scratch place and checks it. {@link #close()} removes everything it
 * created (an ephemeral cluster, a scratch directory), on success and on failure.
 */
interface ComponentRestorer extends AutoCloseable {

    /**
     * Cheap checks before anything is downloaded (may the target be written?), so a refusal costs no transfer. A
     * failure says nothing about the backup.
     */
    default void preflight(Manifest manifest) throws IOException, InterruptedException {
    }

    /**
     * Makes the scratch place (an ephemeral cluster). Runs on its own thread while the artifact downloads
     * ({@link ScratchPreparation}) and counts only once the artifact proved intact; it may be interrupted when the
     * artifact did not, and {@link #close()} then removes whatever it made. A failure says nothing about the backup.
     */
    default void prepare(Manifest manifest) throws IOException, InterruptedException {
    }

    /** Restores the raw artifact content; throws with one line naming the cause when the restore fails. */
    void restore(Manifest manifest, Path rawContent) throws IOException, InterruptedException;

    /** Checks the restored copy against what the manifest recorded and the user's checks. */
    List<CheckResult> check(Manifest manifest) throws IOException, InterruptedException;

    /**
     * The recovery point the restore reached when it differs from the backup's own (a point-in-time restore replays
     * WAL past it); empty means the backup's {@code consistentAt}.
     */
    default Optional<Instant> recoveryPointReached() {
        return Optional.empty();
    }

    /** Phases the restorer timed itself within its checks (a Jenkins boot), added to the record's phases. */
    default java.util.Map<String, Double> phaseSeconds() {
        return java.util.Map.of();
    }

    @Override
    void close();
}
