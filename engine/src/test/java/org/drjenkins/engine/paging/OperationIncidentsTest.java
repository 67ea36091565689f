package org.drjenkins.engine.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.backup.BackupException;
import org.drjenkins.engine.backup.BackupRequest;
import org.drjenkins.engine.backup.BackupService;
import org.drjenkins.engine.compliance.ComplianceReport;
import org.drjenkins.engine.compliance.ComponentCompliance;
import org.drjenkins.engine.compliance.Verdict;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.IncidentEvent;
import org.drjenkins.engine.config.Targets;
import org.drjenkins.engine.failover.DataLoss;
import org.drjenkins.engine.failover.FailoverRequest;
import org.drjenkins.engine.failover.FailoverResult;
import org.drjenkins.engine.failover.RecordingWebhook;
import org.drjenkins.engine.incident.IncidentRecord;
import org.drjenkins.engine.incident.IncidentStore;
import org.drjenkins.engine.incident.TimelineEntry;
import org.drjenkins.engine.notify.IncidentStatus;
import org.drjenkins.engine.notify.Severity;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.testing.S3Fixture;
import org.drjenkins.engine.util.InvalidRequestException;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Operations' outcomes as incidents: real backups (a command component) into the project's S3 server, the incident
 * state in its bucket, every notice posted to a local webhook that records it (plan without pager: webhooks hear all).
 */
public class OperationIncidentsTest {

    @ClassRule
    public static final S3Fixture S3 = new S3Fixture();

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final List<String> log = new ArrayList<>();
    private RecordingWebhook webhook;
    private Path source;
    private DrConfig config;
    private ObjectStore bucket;

    @Before
    public void plan() throws Exception {
        webhook = new RecordingWebhook();
        source = temp.getRoot().toPath().resolve("data.txt");
        config = S3.config("components:\n  db: { type: command, command: \"cat " + source + "\" }\n"
                + "notifications:\n  service: ci\n  webhooks:\n    - { name: incidents, url: \"" + webhook.url() + "\" }\n");
        bucket = S3.open(config.primary());
    }

    @After
    public void close() {
        bucket.close();
        webhook.close();
    }

    private OperationIncidents incidents() {
        return OperationIncidents.forPlan(config, S3.stores(), Map.of(), progress());
    }

    private Progress progress() {
        return new Progress() {
            @Override
            public void phase(String description) {
            }

            @Override
            public void bytes(long done, long total) {
            }

            @Override
            public void info(String message) {
                synchronized (log) {
                    log.add(message);
                }
            }
        };
    }

    private void backUp(DrConfig plan) {
        BackupService service = new BackupService(plan, new Secrets(S3.server().credentials(), Optional.empty(), List.of(),
                Optional.empty()), S3.stores(), Clock.systemUTC(), Progress.NONE);
        try (OperationIncidents incidents = OperationIncidents.forPlan(plan, S3.stores(), Map.of(), progress())) {
            incidents.backup("db", () -> service.run(new BackupRequest("db", true, true)));
        }
    }

    private List<IncidentRecord> stored() {
        return new IncidentStore(bucket).all();
    }

    @Test
    public void aFailedBackupOpensOneHighIncidentTheNextFailureUpdatesItAndTheNextBackupResolvesIt() throws Exception {
        assertThatThrownBy(() -> backUp(config)).as("the backup's own failure comes through unchanged").isInstanceOf(BackupException.class);
        assertThatThrownBy(() -> backUp(config)).isInstanceOf(BackupException.class);
        assertThat(stored()).singleElement().satisfies(r -> {
            assertThat(r.event()).isEqualTo(IncidentEvent.BACKUP_FAILED);
            assertThat(r.severity()).isEqualTo(Severity.HIGH);
            assertThat(r.subject()).contains("db");
            assertThat(r.resolved()).isFalse();
            assertThat(r.timeline()).extracting(TimelineEntry::what).anyMatch(w -> w.startsWith("again: backup of db failed"));
        });
        assertThat(webhook.texts()).anySatisfy(t -> assertThat(t).startsWith("Title: [INCIDENT] ci - backup of db failed")
                .contains("high, for incidents"));
        long alerts = webhook.texts().stream().filter(t -> t.contains("for incidents") && t.contains("severity: high")).count();
        assertThat(alerts).as("one initial alert, not one per failure").isEqualTo(1);

        Files.writeString(source, "rows");
        backUp(config);

        assertThat(stored()).singleElement().satisfies(r -> {
            assertThat(r.resolved()).isTrue();
            assertThat(r.timeline()).extracting(TimelineEntry::what).anyMatch(w -> w.contains("of db succeeded"));
        });
        assertThat(webhook.texts()).anySatisfy(t -> assertThat(t).contains("Status: RESOLVED"));
    }

    @Test
    public void badInputRaisesNothing() {
        try (OperationIncidents incidents = incidents()) {
            assertThatThrownBy(() -> incidents.backup("nope", () -> {
                throw new InvalidRequestException("--component nope: no such component");
            })).isInstanceOf(InvalidRequestException.class);
        }
        assertThat(stored()).isEmpty();
        assertThat(webhook.received()).isEmpty();
    }

    @Test
    public void aPlanWithoutChannelsGetsNoIncidentsAndTheBucketStaysUntouched() throws Exception {
        DrConfig quiet = S3.config("components:\n  db: { type: command, command: \"cat " + source + "\" }\n");
        assertThatThrownBy(() -> backUp(quiet)).isInstanceOf(BackupException.class);
        try (ObjectStore quietBucket = S3.open(quiet.primary())) {
            assertThat(quietBucket.list(IncidentStore.PREFIX)).isEmpty();
        }
        assertThat(OperationIncidents.forPlan(quiet, S3.stores(), Map.of(), progress()).enabled()).isFalse();
    }

    private static ComplianceReport report(Verdict verdict) {
        ComponentCompliance db = new ComponentCompliance("db", new Targets(java.time.Duration.ofHours(1), java.time.Duration.ofMinutes(15)),
                Optional.of(100.0), "verified backup x", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                verdict, List.of("reason for " + verdict));
        return new ComplianceReport(Instant.now(), List.of(db));
    }

    private void evaluate(Verdict verdict) {
        try (OperationIncidents incidents = incidents()) {
            incidents.compliance(report(verdict));
        }
    }

    @Test
    public void aVerdictRaisesAnIncidentOnlyWhenItTurnsAndCompliantResolvesIt() {
        evaluate(Verdict.COMPLIANT);
        assertThat(stored()).as("compliant with nothing open: nothing").isEmpty();

        evaluate(Verdict.AT_RISK);
        evaluate(Verdict.AT_RISK);
        assertThat(stored()).as("the same verdict again is no turn").singleElement().satisfies(r -> {
            assertThat(r.event()).isEqualTo(IncidentEvent.VERDICT_AT_RISK);
            assertThat(r.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(r.timeline()).extracting(TimelineEntry::what).noneMatch(w -> w.startsWith("again"));
        });

        evaluate(Verdict.VIOLATED);
        List<IncidentRecord> afterViolation = stored();
        assertThat(afterViolation).hasSize(2);
        IncidentRecord atRisk = afterViolation.stream().filter(r -> r.event() == IncidentEvent.VERDICT_AT_RISK).findFirst().orElseThrow();
        IncidentRecord violated = afterViolation.stream().filter(r -> r.event() == IncidentEvent.VERDICT_VIOLATED).findFirst().orElseThrow();
        assertThat(atRisk.resolved()).as("superseded").isTrue();
        assertThat(atRisk.postMortemDueAt()).isEmpty();
        assertThat(violated.severity()).isEqualTo(Severity.HIGH);
        assertThat(violated.resolved()).isFalse();

        evaluate(Verdict.NO_EVIDENCE);
        assertThat(new IncidentStore(bucket).load(violated.id()).orElseThrow().resolved()).as("no evidence changes nothing").isFalse();

        evaluate(Verdict.COMPLIANT);
        IncidentRecord resolved = new IncidentStore(bucket).load(violated.id()).orElseThrow();
        assertThat(resolved.status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(resolved.postMortemDueAt()).isPresent();
        assertThat(stored()).hasSize(2);
    }

    private static FailoverResult failoverResult(boolean completed, String failure) {
        return new FailoverResult("us-east-1", "eu-west-1", false, false, false, completed, List.of(), List.of(), null,
                completed ? 12.5 : null, completed ? new DataLoss(0.4, null, 0L, "markers") : null,
                new Targets(java.time.Duration.ofMinutes(15), java.time.Duration.ofMinutes(5)), failure, List.of());
    }

    @Test
    public void aFailoverRaisesTheCriticalStartedIncidentAndItsEndResolvesItWithTheMeasuredRtoAndRpo() {
        try (OperationIncidents incidents = incidents()) {
            incidents.failover(FailoverRequest.to("eu-west-1"), () -> failoverResult(true, null));
        }

        IncidentRecord failover = stored().stream().filter(r -> r.event() == IncidentEvent.FAILOVER_STARTED).findFirst().orElseThrow();
        assertThat(failover.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(failover.subject()).contains("eu-west-1");
        assertThat(failover.resolved()).isTrue();
        assertThat(failover.facts()).containsEntry("rtoSeconds", "12.5").containsEntry("rpoSeconds", "0.4");
        assertThat(new IncidentStore(bucket).postMortem(failover.id()).orElseThrow()).contains("- RTO: 12.5 s").contains("- RPO: 0.4 s");
        assertThat(stored()).hasSize(1);
    }

    @Test
    public void aFailoverThatStoppedHalfWayLeavesItsIncidentOpenAsMitigatingAndADryRunRaisesNothing() {
        try (OperationIncidents incidents = incidents()) {
            incidents.failover(FailoverRequest.to("eu-west-1").asDryRun(true), () -> failoverResult(false, null));
        }
        assertThat(stored()).as("a dry run").isEmpty();

        try (OperationIncidents incidents = incidents()) {
            incidents.failover(FailoverRequest.to("eu-west-1"), () -> failoverResult(false, "DNS switch failed"));
            assertThatThrownBy(() -> incidents.failover(FailoverRequest.to("eu-west-9"), () -> {
                throw new InvalidRequestException("--to eu-west-9: no such region");
            })).isInstanceOf(InvalidRequestException.class);
        }

        assertThat(stored()).singleElement().satisfies(r -> {
            assertThat(r.event()).isEqualTo(IncidentEvent.FAILOVER_STARTED);
            assertThat(r.status()).isEqualTo(IncidentStatus.MITIGATING);
            assertThat(r.resolved()).isFalse();
            assertThat(r.timeline()).extracting(TimelineEntry::what).anyMatch(w -> w.contains("stopped: DNS switch failed"));
        });
    }
}
