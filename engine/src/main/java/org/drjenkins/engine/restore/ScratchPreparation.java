package org.drjenkins.engine.restore;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.drjenkins.engine.manifest.Manifest;

/**
 * Runs {@link ComponentRestorer#prepare} on its own thread while the artifact downloads: initializing and starting an
 * ephemeral cluster takes seconds that a restore would otherwise spend waiting after the fetch.
 * <p>
 * The outcome counts only once the artifact proved intact ({@link #await}). When it did not, {@link #discard} waits
 * for the preparation's end, so the restorer's {@code close()} then finds and removes whatever was made: a corrupt
 * backup ends exactly as before, just with a cluster made and removed on the side.
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
                throw new IOException("preparing the scratch place was interrupted", cause);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw (Error) cause;
        }
    }

    /**
     * Waits until the preparation's thread ended (whatever it made is then visible to the restorer's {@code close()}),
     * keeping the caller's interrupt status. It is not interrupted: an initdb cut off mid-way by an interrupt can
     * outlive the kill of its {@code runuser} parent and recreate its data directory after the cleanup removed it (seen
     * under load as a leftover scratch cluster). Preparing is bounded by the tools' own timeouts, a few seconds.
     */
    void discard() {
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
