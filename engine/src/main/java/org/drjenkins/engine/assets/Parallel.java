package org.drjenkins.engine.assets;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs one S3 request per object on a few threads. Asset buckets hold thousands of small objects, so a copy is bound by
 * request latency, not bandwidth: one at a time, 2,000 objects into two regions would take minutes on AWS.
 */
final class Parallel {

    /** Requests in flight; a few per core keeps the latency hidden without crowding the SDK's connection pool. */
    static final int WORKERS = 8;

    private Parallel() {
    }

    /** {@code work} applied to every item, results in the items' order; the first failure cancels the rest. */
    static <T, R> List<R> map(List<T> items, Function<T, R> work) {
        if (items.size() <= 1) {
            return items.stream().map(work).toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(WORKERS, items.size()), runnable -> {
            Thread thread = new Thread(runnable, "dr-assets");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> work.apply(item)));
            }
            List<R> results = new ArrayList<>(items.size());
            for (Future<R> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AssetException(String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssetException("interrupted; nothing recorded", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
