package org.drjenkins.engine.restore;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.drjenkins.engine.manifest.Manifest;

/**
 * Runs {@link ComponentRestorer#prepare} on its own thread while the artifact downloads: initializing and starting an
 * ephemeral cluster takes seconds that a restore would otherwise spend waiting after the fetch.
 * <p>
 * The outcome counts only once the artifact proved intact ({@link #await}). When it did not, {@link #discard} stops
 * the preparation and waits for its end, so the restorer's {@code close()} then finds and removes whatever was made: a
 * corrupt backup ends exactly as before, just with a cluster made and removed on the side.
 */
final class ScratchPreparation {

    private final FutureTask<Void> task;
    private final Thread thread;

    private ScratchPreparation(ComponentRestorer restorer, Manifest manifest) {
        this.task = new FutureTask<>(() -> {
            restorer.prepare(manifest);
            return null;
        });
        this.thread = new Thread(task, "dr-prepare-scratch");
        thread.setDaemon(true);
    }

    static ScratchPreparation start(ComponentRestorer restorer, Manifest manifest) {
        ScratchPreparation preparation = new ScratchPreparation(restorer, manifest);
        preparation.thread.start();
        return preparation;
    }

    /** Waits until the scratch place is ready; throws what {@code prepare} threw. */
    void await() throws IOException, InterruptedException {
        try {
            task.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof InterruptedException) {
                // Only discard() interrupts the preparing thread, and nobody awaits after that.
                throw new IOException("preparing the scratch place was interrupted", cause);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw (Error) cause;
        }
    }

    /**
     * Stops the preparation if it still runs and waits until its thread ended (whatever it made is then visible to the
     * restorer's {@code close()}). Keeps the caller's interrupt status.
     */
    void discard() {
        thread.interrupt();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
