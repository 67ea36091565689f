package org.drjenkins.engine.backup;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreProvider;

/**
 * Opens a region's store on a background thread and checks it ({@link ObjectStore#probe()}: endpoint, credentials,
 * bucket in one bounded request). Building an S3 client takes about 0.2 s (the SDK loads hundreds of classes); this way
 * it overlaps preparing the source and the codecs. The backup waits for {@link #get()} before its source starts, so a
 * store that is unreachable, refuses the credentials or lacks the bucket fails the backup in seconds with that cause,
 * before anything was read or uploaded.
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
                ObjectStore store = stores.open(region);
                try {
                    store.probe();
                } catch (RuntimeException | Error e) {
                    store.close();
                    throw e;
                }
                future.complete(store);
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

    /** Whether the store was opened and answered its check: only then can anything have been uploaded to it. */
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
