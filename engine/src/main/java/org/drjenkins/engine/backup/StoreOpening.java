package org.drjenkins.engine.backup;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreProvider;

/**
 * Opens a region's store on a background thread. Building an S3 client takes about 0.2 s (the SDK loads hundreds of
 * classes), which a backup would otherwise spend before its source even starts; this way it overlaps the source's own
 * start (connecting to PostgreSQL, the snapshot and its row counts, starting pg_dump). Nothing is uploaded before
 * {@link #get()} returns: a source that produces bytes early just waits in its pipe.
 */
final class StoreOpening implements AutoCloseable {

    private final CompletableFuture<ObjectStore> future;

    private StoreOpening(CompletableFuture<ObjectStore> future) {
        this.future = future;
    }

    static StoreOpening start(StoreProvider stores, Region region) {
        CompletableFuture<ObjectStore> future = new CompletableFuture<>();
        Thread opener = new Thread(() -> {
            try {
                future.complete(stores.open(region));
            } catch (RuntimeException | Error e) {
                future.completeExceptionally(e);
            }
        }, "dr-open-store-" + region.name());
        opener.setDaemon(true);
        opener.start();
        return new StoreOpening(future);
    }

    /** The open store, once ready; what opening it threw (unchanged, so bad input still reads as bad input). */
    ObjectStore get() throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    /** Whether the store was opened: only then can anything have been uploaded to it. */
    boolean opened() {
        return future.isDone() && !future.isCompletedExceptionally();
    }

    /** Closes the store, waiting for it if it is still being opened, so that no client outlives the backup. */
    @Override
    public void close() {
        ObjectStore store;
        try {
            store = future.join();
        } catch (CompletionException e) {
            return; // Never opened: nothing to close.
        }
        store.close();
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException(cause);
    }
}
