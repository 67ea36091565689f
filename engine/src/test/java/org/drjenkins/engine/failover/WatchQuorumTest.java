package org.drjenkins.engine.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.Test;

/** Which observations count towards {@code watch.quorum}, at a fixed instant. */
public class WatchQuorumTest {

    private static final Instant NOW = Instant.parse("2026-12-02T04:00:00Z");
    private static final WatchQuorum TWO = new WatchQuorum(2, Duration.ofSeconds(30), Duration.ofSeconds(10));

    private static WatchObservation down(String watcher, int downForSeconds, int secondsAgo) {
        return new WatchObservation(watcher, "us-east-1", true, NOW.minusSeconds(downForSeconds),
                NOW.minusSeconds(secondsAgo));
    }

    @Test
    public void oneWatcherSeeingThePrimaryDownIsNoQuorumOfTwo() {
        assertThat(TWO.reached(List.of(down("eu-west-1", 60, 1)), "us-east-1", NOW)).isFalse();
    }

    @Test
    public void twoWatchersInDifferentRegionsSeeingItDownForTheThresholdAreAQuorum() {
        List<WatchObservation> seen = List.of(down("eu-west-1", 60, 1), down("ap-south-1", 30, 5));

        assertThat(TWO.reached(seen, "us-east-1", NOW)).isTrue();
        assertThat(TWO.agreeing(seen, "us-east-1", NOW)).hasSize(2);
    }

    @Test
    public void anObservationOlderThanTwoIntervalsDoesNotCount() {
        assertThat(TWO.reached(List.of(down("eu-west-1", 60, 1), down("ap-south-1", 90, 21)), "us-east-1", NOW))
                .isFalse();
        assertThat(TWO.reached(List.of(down("eu-west-1", 60, 1), down("ap-south-1", 90, 20)), "us-east-1", NOW))
                .isTrue();
    }

    @Test
    public void aWatcherDownForLessThanTheThresholdOrSeeingItUpOrWatchingAnotherRegionDoesNotCount() {
        WatchObservation eu = down("eu-west-1", 60, 1);

        assertThat(TWO.reached(List.of(eu, down("ap-south-1", 29, 1)), "us-east-1", NOW)).isFalse();
        assertThat(TWO.reached(List.of(eu, new WatchObservation("ap-south-1", "us-east-1", false, NOW.minusSeconds(60),
                NOW)), "us-east-1", NOW)).isFalse();
        assertThat(TWO.reached(List.of(eu, new WatchObservation("ap-south-1", "eu-west-1", true, NOW.minusSeconds(60),
                NOW)), "us-east-1", NOW)).isFalse();
    }

    @Test
    public void theSameWatcherRegionTwiceIsOneVote() {
        assertThat(TWO.reached(List.of(down("eu-west-1", 60, 1), down("eu-west-1", 60, 2)), "us-east-1", NOW))
                .isFalse();
    }
}
