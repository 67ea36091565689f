package org.drjenkins.engine.failover;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.storage.StoreProvider;

/** Takes the one failover lease of the plan for as long as a failover runs, renewing it meanwhile. */
@FunctionalInterface
public interface FailoverLeases {

    /** How long a lease lives without renewal: a dead holder blocks others this long at most. */
    Duration DEFAULT_TTL = Duration.ofSeconds(90);

    /**
     * @param regions every region of the plan: the lease is a majority of their buckets
     * @return the held lease; closing it releases it
     * @throws FailoverLease.NotTakenException when another holder has it or too few buckets answer
     */
    Held take(List<Region> regions, String purpose) throws FailoverLease.NotTakenException;

    /** A lease while held. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** In the regions' buckets, renewed every third of {@code ttl} while held. */
    static FailoverLeases buckets(StoreProvider stores, Duration ttl, Clock clock) {
        return (regions, purpose) -> {
            FailoverLease lease = FailoverLease.acquire(regions, stores, holder(), purpose, ttl, clock);
            ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dr-failover-lease-renewal");
                t.setDaemon(true);
                return t;
            });
            long every = Math.max(1, ttl.toMillis() / 3);
            ScheduledFuture<?> renewing = renewer.scheduleAtFixedRate(lease::renew, every, every, TimeUnit.MILLISECONDS);
            return () -> {
                renewing.cancel(false);
                renewer.shutdownNow();
                lease.close();
            };
        };
    }

    /** For callers without buckets (tests of other parts): one failover at a time in this process only. */
    static FailoverLeases inProcess() {
        return InProcess.LEASES;
    }

    /** Host and process, as another contender's message shows it. */
    static String holder() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown host";
        }
        return "dr on " + host + " (pid " + ProcessHandle.current().pid() + ", thread " + Thread.currentThread().getName()
                + ")";
    }

    /** The in-process lease: a lock nobody waits on. */
    final class InProcess {
        private static final ReentrantLock LOCK = new ReentrantLock();
        private static final FailoverLeases LEASES = (regions, purpose) -> {
            if (!LOCK.tryLock()) {
                throw new FailoverLease.NotTakenException("another failover runs in this process", true);
            }
            return LOCK::unlock;
        };

        private InProcess() {
        }
    }
}
