package org.drjenkins.engine.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.Test;

/** How markers and replication lag become the RPO a failover achieved. */
public class DataLossTest {

    private static final Instant T = Instant.parse("2026-01-25T02:00:00Z");

    @Test
    public void walPositionsCompareAcrossTheirHighAndLowHalves() {
        assertThat(Lsn.parse("0/3000000")).isEqualTo(0x3000000L);
        assertThat(Lsn.parse("16/B374D848")).isEqualTo((0x16L << 32) | 0xB374D848L);
        assertThat(Lsn.parse("1/0")).isGreaterThan(Lsn.parse("0/FFFFFFFF"));
        assertThat(Lsn.bytesBetween("0/100", "0/180")).isEqualTo(0x80);
        assertThat(Lsn.bytesBetween("0/180", "0/100")).isZero();
        assertThat(Lsn.parse(null)).isEqualTo(-1);
        assertThatThrownBy(() -> Lsn.parse("3000000")).hasMessageContaining("not a WAL position");
    }

    @Test
    public void noDataIsLostWhenTheLastCommittedMarkerReachedThePromotedServer() {
        Marker last = new Marker(42, T, "0/3000100");

        DataLoss loss = DataLoss.fromMarkers(last, Optional.of(new Marker(42, T, "0/3000100")), Optional.empty());

        assertThat(loss.seconds()).isZero();
        assertThat(loss.markersLost()).isZero();
        assertThat(loss.basis()).contains("#42", "is on the promoted server");
    }

    @Test
    public void lossSpansFromTheNewestSurvivingMarkerToTheLastCommittedOne() {
        Marker last = new Marker(50, T.plusMillis(1500), "0/3000800");
        Marker newest = new Marker(47, T.plusMillis(1200), "0/3000500");

        DataLoss loss = DataLoss.fromMarkers(last, Optional.of(newest), Optional.empty());

        assertThat(loss.seconds()).isEqualTo(0.3);
        assertThat(loss.bytes()).isEqualTo(0x300);
        assertThat(loss.markersLost()).isEqualTo(3);
    }

    @Test
    public void whenNoMarkerArrivedEveryMarkerSinceTheFirstIsLost() {
        DataLoss loss = DataLoss.fromMarkers(new Marker(10, T.plusSeconds(2), "0/2000"), Optional.empty(),
                Optional.of(new Marker(1, T, "0/1000")));

        assertThat(loss.seconds()).isEqualTo(2.0);
        assertThat(loss.markersLost()).isEqualTo(10);
        assertThat(loss.basis()).contains("none of those committed");
    }

    @Test
    public void aCaughtUpStandbyLosesNothingAndALaggingOneItsLag() {
        assertThat(DataLoss.fromLag(new ReplicationLag(0, Duration.ZERO, "0/10", "0/10", false), "at decision").seconds())
                .isZero();
        DataLoss lagging = DataLoss.fromLag(new ReplicationLag(96, Duration.ofMillis(2500), "0/70", "0/10", true),
                "at decision");
        assertThat(lagging.seconds()).isEqualTo(2.5);
        assertThat(lagging.bytes()).isEqualTo(96);
        assertThat(lagging.basis()).contains("replay is paused");
        assertThat(DataLoss.fromLag(new ReplicationLag(96, null, "0/70", "0/10", false), "x").seconds()).isNull();
    }
}
