package org.drjenkins.engine.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.Role;
import org.drjenkins.engine.storage.LocalS3Server;
import org.drjenkins.engine.storage.StoreConnector;
import org.drjenkins.engine.storage.StoreProvider;
import org.drjenkins.engine.testing.S3Fixture;
import org.drjenkins.engine.util.Json;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The failover lease on the local S3 store {@code dr serve-s3} runs (its conditional writes: If-None-Match: * and
 * If-Match on the ETag), with three regions' buckets per test.
 */
public class FailoverLeaseTest {

    private static LocalS3Server s3;
    private static int n;

    @BeforeClass
    public static void startStore() {
        s3 = LocalS3Server.start();
    }

    @AfterClass
    public static void stopStore() {
        if (s3 != null) {
            s3.close();
        }
    }

    private final StoreProvider stores = region -> StoreConnector.connect(region, s3.credentials());

    /** Three regions; the first {@code created} of them have their bucket. */
    private static List<Region> regions(int created) {
        int set = ++n;
        List<Region> regions = new ArrayList<>();
        for (String name : S3Fixture.REGIONS) {
            regions.add(new Region(name, Role.SECONDARY, "lease" + set + "-" + name, s3.endpoint()));
        }
        for (int i = 0; i < created; i++) {
            S3Fixture.createBuckets(s3, regions.get(i).bucket());
        }
        return regions;
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    private FailoverLease.Body stored(Region region) {
        try (var store = stores.open(region)) {
            return Json.fromBytes(store.getBytes(FailoverLease.KEY).orElseThrow(), FailoverLease.Body.class, "lease");
        }
    }

    @Test
    public void aHeldLeaseRefusesASecondHolderUntilReleased() throws Exception {
        List<Region> regions = regions(3);
        Instant now = Instant.parse("2026-12-02T01:00:00Z");

        FailoverLease first = FailoverLease.acquire(regions, stores, "first", "failover a -> b", Duration.ofMinutes(1),
                at(now));

        assertThat(stored(regions.get(0))).isEqualTo(new FailoverLease.Body("first", "failover a -> b", now,
                now.plusSeconds(60)));
        assertThatThrownBy(() -> FailoverLease.acquire(regions, stores, "second", "watch", Duration.ofMinutes(1),
                at(now.plusSeconds(30)))).isInstanceOfSatisfying(FailoverLease.NotTakenException.class, e -> {
                    assertThat(e.heldByAnother()).isTrue();
                    assertThat(e.getMessage()).contains("held by first for failover a -> b");
                });

        first.close();
        try (var store = stores.open(regions.get(1))) {
            assertThat(store.head(FailoverLease.KEY)).as("released: the object is gone").isEmpty();
        }
        FailoverLease.acquire(regions, stores, "second", "watch", Duration.ofMinutes(1), at(now.plusSeconds(30))).close();
    }

    @Test
    public void aLeaseWhoseHolderDiedExpiresAndCanBeTakenAndTheDeadHoldersRenewalLosesIt() throws Exception {
        List<Region> regions = regions(3);
        Instant now = Instant.parse("2026-12-02T01:00:00Z");
        FailoverLease dead = FailoverLease.acquire(regions, stores, "dead", "failover a -> b", Duration.ofSeconds(90),
                at(now));
        // Its holder is gone: never renewed, never closed.

        assertThatThrownBy(() -> FailoverLease.acquire(regions, stores, "early", "failover a -> c", Duration.ofSeconds(90),
                at(now.plusSeconds(89)))).isInstanceOf(FailoverLease.NotTakenException.class);
        FailoverLease next = FailoverLease.acquire(regions, stores, "next", "failover a -> c", Duration.ofSeconds(90),
                at(now.plusSeconds(91)));

        assertThat(stored(regions.get(2)).holder()).isEqualTo("next");
        dead.renew(); // the If-Match on its old ETag fails everywhere: it holds nothing any more
        dead.close();
        assertThat(stored(regions.get(2)).holder()).as("the dead holder's close does not remove the new lease")
                .isEqualTo("next");
        next.close();
    }

    @Test
    public void aMajorityOfBucketsIsEnoughAndLessIsRefusedAsNotReachable() throws Exception {
        FailoverLease twoOfThree = FailoverLease.acquire(regions(2), stores, "one", "x", Duration.ofMinutes(1),
                Clock.systemUTC());
        twoOfThree.close();

        assertThatThrownBy(() -> FailoverLease.acquire(regions(1), stores, "one", "x", Duration.ofMinutes(1),
                Clock.systemUTC())).isInstanceOfSatisfying(FailoverLease.NotTakenException.class, e -> {
                    assertThat(e.heldByAnother()).isFalse();
                    assertThat(e.getMessage()).contains("needs 2 of 3", "only 1 answered");
                });
    }

    @Test
    public void ofEightContendersAtOnceExactlyOneTakesTheLease() throws Exception {
        List<Region> regions = regions(3);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<FailoverLease>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String holder = "contender-" + i;
                Callable<FailoverLease> attempt = () -> {
                    start.await();
                    try {
                        return FailoverLease.acquire(regions, stores, holder, "race", Duration.ofMinutes(1),
                                Clock.systemUTC());
                    } catch (FailoverLease.NotTakenException e) {
                        return null;
                    }
                };
                attempts.add(pool.submit(attempt));
            }
            start.countDown();
            List<FailoverLease> won = new ArrayList<>();
            for (Future<FailoverLease> f : attempts) {
                FailoverLease lease = f.get();
                if (lease != null) {
                    won.add(lease);
                }
            }
            assertThat(won).hasSize(1);
            won.get(0).close();
        } finally {
            pool.shutdownNow();
        }
    }
}
