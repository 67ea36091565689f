package org.drjenkins.engine.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.backup.BackupRequest;
import org.drjenkins.engine.backup.BackupService;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.restore.VerifyOutcome;
import org.drjenkins.engine.restore.VerifyRequest;
import org.drjenkins.engine.restore.VerifyRestoreService;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.testing.S3Fixture;
import org.junit.ClassRule;
import org.junit.Test;

/** Compliance read from a real bucket: what backup and verify-restore stored is what the verdict rests on. */
public class ComplianceServiceTest {

    @ClassRule
    public static final S3Fixture S3 = new S3Fixture();

    @Test
    public void aVerifiedComponentIsCompliantAndOneNeverBackedUpHasNoEvidence() {
        DrConfig config = S3.config("targets:\n  notes: { rto: 10m, rpo: 15m }\n"
                + "components:\n  notes: { type: command, command: \"printf notes\" }\n  logs: { type: command, command: \"printf logs\" }\n");
        Secrets secrets = new Secrets(S3.server().credentials(), Optional.empty(), List.of(), Optional.empty());
        new BackupService(config, secrets, S3.stores(), Clock.systemUTC(), Progress.NONE, Duration.ofSeconds(5)).run(BackupRequest.of("notes"));
        Instant beforeVerification = Instant.now();
        VerifyOutcome verified = new VerifyRestoreService(config, secrets, S3.stores(), Clock.systemUTC(), Progress.NONE)
                .run(VerifyRequest.latest("notes"));
        Instant now = Instant.now().plusSeconds(1);

        ComplianceReport report = new ComplianceService(config, S3.stores()).evaluate(now);

        assertThat(report.components()).extracting(ComponentCompliance::component).containsExactly("notes", "logs");
        ComponentCompliance notes = report.components().get(0);
        assertThat(notes.verdict()).isEqualTo(Verdict.COMPLIANT);
        assertThat(notes.rpoBasis()).isEqualTo("verified backup " + verified.record().backupId());
        assertThat(notes.rtoSeconds()).contains(verified.record().rtoSeconds());
        assertThat(notes.rtoMeasuredAt()).contains(verified.record().verifiedAt());
        assertThat(notes.targets().rto()).isEqualTo(Duration.ofMinutes(10));
        assertThat(report.components().get(1).verdict()).isEqualTo(Verdict.NO_EVIDENCE);
        assertThat(report.overall()).isEqualTo(Verdict.NO_EVIDENCE);
        assertThat(report.allCompliant()).isFalse();

        ComplianceReport audit = new ComplianceService(config, S3.stores()).evaluate(beforeVerification);

        assertThat(audit.components().get(0).verdict()).isEqualTo(Verdict.NO_EVIDENCE);
        assertThat(audit.components().get(0).rpoBasis()).startsWith("UNVERIFIED backup ");
    }

    /** The evaluation moments come from clocks set forward, as a scheduled dr compliance would see them days later. */
    @Test
    public void aVerificationOlderThanTheConfiguredMaximumAgeIsStaleSinceItExpired() {
        DrConfig config = S3.config("targets:\n  stale-notes: { rto: 10m, rpo: 30d }\n"
                + "components:\n  stale-notes: { type: command, command: \"printf notes\" }\n"
                + "freshness:\n  verificationMaxAge: 10d\n");
        Secrets secrets = new Secrets(S3.server().credentials(), Optional.empty(), List.of(), Optional.empty());
        new BackupService(config, secrets, S3.stores(), Clock.systemUTC(), Progress.NONE, Duration.ofSeconds(5)).run(BackupRequest.of("stale-notes"));
        VerifyOutcome verified = new VerifyRestoreService(config, secrets, S3.stores(), Clock.systemUTC(), Progress.NONE)
                .run(VerifyRequest.latest("stale-notes"));
        ComplianceService service = new ComplianceService(config, S3.stores());

        ComponentCompliance eightDaysLater = service.evaluate(Clock.offset(Clock.systemUTC(), Duration.ofDays(8)).instant()).components().get(0);
        ComponentCompliance elevenDaysLater = service.evaluate(Clock.offset(Clock.systemUTC(), Duration.ofDays(11)).instant()).components().get(0);

        assertThat(eightDaysLater.verdict()).isEqualTo(Verdict.COMPLIANT);
        assertThat(elevenDaysLater.verdict()).isEqualTo(Verdict.STALE);
        assertThat(elevenDaysLater.reasons()).anyMatch(r -> r.contains("older than 10d (freshness.verificationMaxAge): STALE since "
                + verified.record().verifiedAt().plus(Duration.ofDays(10))));
    }
}
