package io.jenkins.plugins.dr.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

/** Two builds never fail over the same regions at once; different plans do not wait for each other. */
public class RegionLocksTest {
    private final RegionLocks locks = new RegionLocks();

    @Test
    public void aSecondFailoverOfAnyOfTheSameRegionsIsRefusedUntilTheFirstEnds() {
        Optional<RegionLocks.Lease> first = locks.tryAcquire(List.of("us-east-1", "eu-west-1"), "nightly#12");

        assertThat(first).isPresent();
        assertThat(locks.tryAcquire(List.of("eu-west-1", "ap-southeast-1"), "drill#3")).isEmpty();
        assertThat(locks.holderOf(List.of("ap-southeast-1", "eu-west-1"))).contains("nightly#12");

        first.get().close();

        assertThat(locks.tryAcquire(List.of("eu-west-1", "ap-southeast-1"), "drill#3")).isPresent();
    }

    @Test
    public void aRefusedAcquireTakesNothing() {
        RegionLocks.Lease held = locks.tryAcquire(List.of("eu-west-1"), "a").orElseThrow();

        assertThat(locks.tryAcquire(List.of("us-east-1", "eu-west-1"), "b")).isEmpty();

        assertThat(locks.holderOf(List.of("us-east-1"))).as("us-east-1 was not kept by the refused build").isEmpty();
        held.close();
    }

    @Test
    public void closingALeaseTwiceOrLateNeverReleasesAnotherBuildsLock() {
        RegionLocks.Lease first = locks.tryAcquire(List.of("us-east-1"), "a").orElseThrow();
        first.close();
        RegionLocks.Lease second = locks.tryAcquire(List.of("us-east-1"), "b").orElseThrow();

        first.close();

        assertThat(locks.holderOf(List.of("us-east-1"))).contains("b");
        second.close();
    }

    @Test
    public void ofManyBuildsRacingForTheSameRegionsExactlyOneWins() throws Exception {
        int builds = 16;
        ExecutorService pool = Executors.newFixedThreadPool(builds);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger winners = new AtomicInteger();
        try {
            List<Future<?>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < builds; i++) {
                String holder = "build#" + i;
                runs.add(pool.submit(() -> {
                    start.await();
                    locks.tryAcquire(List.of("us-east-1", "eu-west-1"), holder).ifPresent(lease -> winners.incrementAndGet());
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> run : runs) {
                run.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(winners).hasValue(1);
    }
}
