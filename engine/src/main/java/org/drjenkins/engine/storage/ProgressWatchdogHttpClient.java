package org.drjenkins.engine.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Ends an HTTP attempt that makes no progress. A store whose process is frozen keeps its sockets open: the kernel
 * accepts a few MiB, then a part upload's socket write blocks forever, and a socket read timeout never applies to
 * writes. This wraps the SDK's HTTP client: every attempt counts the request body bytes the client takes from it, and
 * when none was taken for {@code limit} (or the response did not begin within {@code limit} after the last), the attempt
 * is aborted, which closes its connection and unblocks the write. The SDK sees an I/O error and retries the attempt on
 * a fresh connection within its bounded attempts, so a short stall heals and a frozen store fails the call.
 */
final class ProgressWatchdogHttpClient implements SdkHttpClient {

    private static final AtomicInteger THREAD_IDS = new AtomicInteger();

    private final SdkHttpClient delegate;
    private final long limitNanos;
    private final Duration limit;
    private final Set<Attempt> running = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watchdog;

    ProgressWatchdogHttpClient(SdkHttpClient delegate, Duration limit) {
        this.delegate = delegate;
        this.limit = limit;
        this.limitNanos = limit.toNanos();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dr-store-watchdog-" + THREAD_IDS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        long tick = Math.max(50, Math.min(1000, limit.toMillis() / 5));
        watchdog.scheduleWithFixedDelay(this::abortStalled, tick, tick, TimeUnit.MILLISECONDS);
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        Attempt attempt = new Attempt();
        HttpExecuteRequest.Builder watched = HttpExecuteRequest.builder().request(request.httpRequest());
        request.metricCollector().ifPresent(watched::metricCollector);
        request.contentStreamProvider().ifPresent(body -> watched.contentStreamProvider(
                () -> new CountingBody(body.newStream(), attempt)));
        attempt.inner = delegate.prepareRequest(watched.build());
        return attempt;
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        delegate.close();
    }

    private void abortStalled() {
        long now = System.nanoTime();
        for (Attempt attempt : running) {
            if (!attempt.stalled && now - attempt.lastProgress > limitNanos) {
                attempt.stalled = true;
                attempt.inner.abort();
            }
        }
    }

    /** One attempt of one request: progress is its start and every body byte the HTTP client takes. */
    private final class Attempt implements ExecutableHttpRequest {
        private volatile ExecutableHttpRequest inner;
        private volatile long lastProgress = System.nanoTime();
        private volatile boolean stalled;

        @Override
        public HttpExecuteResponse call() throws IOException {
            lastProgress = System.nanoTime();
            running.add(this);
            try {
                return inner.call();
            } catch (IOException | RuntimeException e) {
                if (stalled) {
                    // This is the cause to report (the closed socket is only how the attempt was ended).
                    SocketTimeoutException timeout = new SocketTimeoutException("the store acknowledged no byte for "
                            + seconds(limit) + " (stopped answering): attempt aborted");
                    timeout.addSuppressed(e);
                    throw timeout;
                }
                throw e;
            } finally {
                running.remove(this);
            }
        }

        @Override
        public void abort() {
            inner.abort();
        }
    }

    private static final class CountingBody extends FilterInputStream {
        private final Attempt attempt;

        CountingBody(InputStream in, Attempt attempt) {
            super(in);
            this.attempt = attempt;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            attempt.lastProgress = System.nanoTime();
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            attempt.lastProgress = System.nanoTime();
            return n;
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
