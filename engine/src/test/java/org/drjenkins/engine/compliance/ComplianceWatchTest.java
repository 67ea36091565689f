package org.drjenkins.engine.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.backup.BackupRequest;
import org.drjenkins.engine.backup.BackupService;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.restore.VerifyRequest;
import org.drjenkins.engine.restore.VerifyRestoreService;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.testing.S3Fixture;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The watch over a real bucket: a verified backup against a 20-second RPO is COMPLIANT in the first round, reported
 * VIOLATED in the round 25 seconds later, and not reported again while it stays so. The clock jumps instead of the
 * test waiting: the watch's sleeper advances it by the interval.
 */
public class ComplianceWatchTest {

    @ClassRule
    public static final S3Fixture S3 = new S3Fixture();

    /** A clock the sleeper moves forward. */
    static final class SteppingClock extends Clock {
        Instant now;

        SteppingClock(Instant start) {
            now = start;
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    public void reportsTheBaselineThenOnlyTheRoundWhoseVerdictChanged() throws Exception {
        DrConfig config = S3.config("targets:\n  notes: { rto: 10m, rpo: 20s }\n"
                + "components:\n  notes: { type: command, command: \"printf notes\" }\n");
        Secrets secrets = new Secrets(S3.server().credentials(), Optional.empty(), List.of(), Optional.empty());
        new BackupService(config, secrets, S3.stores(), Clock.systemUTC(), Progress.NONE, Duration.ofSeconds(5)).run(BackupRequest.of("notes"));
        Instant verifiedAt = new VerifyRestoreService(config, secrets, S3.stores(), Clock.systemUTC(), Progress.NONE)
                .run(VerifyRequest.latest("notes")).record().verifiedAt();
        Instant recoveryPoint = new ComplianceService(config, S3.stores()).evaluate(verifiedAt).components().get(0).recoveryPoint()
                .orElseThrow();
        double rpoWhenVerified = Duration.between(recoveryPoint, verifiedAt).toMillis() / 1000.0;
        assertThat(rpoWhenVerified).as("backed up and verified well within the 80 % of the target").isLessThan(16);

        SteppingClock clock = new SteppingClock(verifiedAt);
        List<String> seen = new ArrayList<>();
        List<ComplianceWatch.Change> changes = new ArrayList<>();
        // Rounds when verified, 25 s later (past the 20 s target) and 50 s later (still violated: no change).
        new ComplianceWatch(new ComplianceService(config, S3.stores()), clock, d -> clock.now = clock.now.plus(d))
                .run(Duration.ofSeconds(25), 3, new ComplianceWatch.Listener() {
                    @Override
                    public void evaluated(ComplianceReport report) {
                        seen.add(report.components().get(0).verdict().name());
                    }

                    @Override
                    public void changed(ComplianceWatch.Change change) {
                        changes.add(change);
                    }

                    @Override
                    public void failed(RuntimeException e) {
                        throw e;
                    }
                });

        assertThat(seen).containsExactly("COMPLIANT", "VIOLATED", "VIOLATED");
        assertThat(changes).extracting(c -> c.component() + " " + c.from() + " -> " + c.to())
                .containsExactly("notes null -> COMPLIANT", "notes COMPLIANT -> VIOLATED");
        assertThat(changes.get(1).now().rpoSeconds().orElseThrow()).isCloseTo(rpoWhenVerified + 25, within(0.001));
    }

    @Test
    public void refusesAnIntervalThatIsNotPositive() {
        DrConfig config = S3.config("components:\n  notes: { type: command, command: \"printf notes\" }\n");
        ComplianceWatch watch = new ComplianceWatch(new ComplianceService(config, S3.stores()), Clock.systemUTC(), d -> { });
        assertThatThrownBy(() -> watch.run(Duration.ZERO, 1, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--watch");
    }
}
