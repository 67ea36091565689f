package org.drjenkins.engine.failover;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
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

    /**
     * Who takes the lease and for how long it lives unrenewed.
     *
     * @param holder names the contender in the message another one gets: the command or build, host and process
     * @param ttl    how long a dead holder blocks the others at most; every holder states its own expiry
     */
    record Terms(String holder, Duration ttl) {
        public Terms {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("the failover lease's time to live must be positive, got " + ttl);
            }
        }

        /** This process, as {@link #holder()} names it, for {@link #DEFAULT_TTL}. */
        public static Terms standard() {
            return new Terms(FailoverLeases.holder(), DEFAULT_TTL);
        }

        /** {@code who} (e.g. {@code dr watch --region eu-west-1}, a Jenkins build) on this host and process. */
        public static Terms of(String who, Duration ttl) {
            return new Terms(who + " on " + host() + " (pid " + ProcessHandle.current().pid() + ")", ttl);
        }
    }

    /** In the regions' buckets, renewed every third of {@code ttl} while held. */
    static FailoverLeases buckets(StoreProvider stores, Duration ttl, Clock clock) {
        return buckets(stores, new Terms(holder(), ttl), clock);
    }

    /** In the regions' buckets, as {@code terms} say, renewed every third of their time to live while held. */
    static FailoverLeases buckets(StoreProvider stores, Terms terms, Clock clock) {
        Duration ttl = terms.ttl();
        return (regions, purpose) -> {
            FailoverLease lease = FailoverLease.acquire(regions, stores, terms.holder(), purpose, ttl, clock);
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

    /**
     * For a failover inside something that already holds the lease for its whole length (a drill: its failover and
     * its rollback must not let a watcher in between): takes nothing more.
     */
    static FailoverLeases alreadyHeld() {
        return (regions, purpose) -> () -> { };
    }

    /** Host and process, as another contender's message shows it. */
    static String holder() {
        return "dr on " + host() + " (pid " + ProcessHandle.current().pid() + ", thread " + Thread.currentThread().getName()
                + ")";
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown host";
        }
    }

    /**
     * The in-process lease: a permit nobody waits on. Not a thread-owned lock: a drill takes it in one phase's thread
     * and releases it in another's.
     */
    final class InProcess {
        private static final Semaphore PERMIT = new Semaphore(1);
        private static final FailoverLeases LEASES = (regions, purpose) -> {
            if (!PERMIT.tryAcquire()) {
                throw new FailoverLease.NotTakenException("another failover runs in this process", true);
            }
            AtomicBoolean held = new AtomicBoolean(true);
            return () -> {
                if (held.getAndSet(false)) {
                    PERMIT.release();
                }
            };
        };

        private InProcess() {
        }
    }
}
