package org.drjenkins.engine.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.drjenkins.engine.config.ConfigException;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.IncidentEvent;
import org.drjenkins.engine.notify.Audience;
import org.drjenkins.engine.notify.IncidentStatus;
import org.drjenkins.engine.notify.NoticeAction;
import org.drjenkins.engine.notify.Severity;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.testing.S3Fixture;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The plan's response rules and communication protocol, driven by a clock the test moves: state in a real bucket
 * (the project's S3 server), notices recorded as the channels would receive them.
 */
public class IncidentEngineTest {

    @ClassRule
    public static final S3Fixture S3 = new S3Fixture();

    /** Week 1 (from Monday 2026-01-05 UTC): Alice / Bob / CTO; week 2: Carol / Dan / VP Engineering. */
    static final String ROTATION = """
            oncall:
              zone: UTC
              start: 2026-01-05T00:00
              people:
                - { name: Alice, email: alice@example.com }
                - { name: Bob, email: bob@example.com }
                - { name: Carol, email: carol@example.com }
                - { name: Dan, email: dan@example.com }
                - { name: CTO, email: cto@example.com }
                - { name: VP Engineering, email: vp@example.com }
              primary: [Alice, Carol]
              secondary: [Bob, Dan]
              escalation: [CTO, VP Engineering]
            """;

    static final Instant T0 = Instant.parse("2026-01-06T14:30:00Z");

    private final SteppingClock clock = new SteppingClock(T0);
    private final RecordingSink sink = new RecordingSink();
    private DrConfig config;
    private ObjectStore bucket;
    private IncidentStore store;

    @Before
    public void freshBucket() {
        config = S3.config(ROTATION);
        bucket = S3.open(config.primary());
        store = new IncidentStore(bucket);
    }

    @After
    public void close() {
        bucket.close();
    }

    private IncidentEngine engine() {
        return IncidentEngine.from(config, store, sink, clock);
    }

    private IncidentRecord openBackupFailure(IncidentEngine engine) {
        return engine.open(IncidentRequest.of(IncidentEvent.BACKUP_FAILED, "backup of database failed").subject("database"));
    }

    @Test
    public void aHighIncidentNobodyAcknowledgesEscalatesToTheSecondaryAtFifteenMinutesAndNotBefore() {
        IncidentEngine engine = engine();
        IncidentRecord incident = openBackupFailure(engine);
        assertThat(incident.severity()).isEqualTo(Severity.HIGH);
        assertThat(sink.pagedNames()).containsExactly("[Alice]");

        clock.advance(Duration.ofMinutes(15).minusMillis(1));
        engine.tick();
        assertThat(sink.pagedNames()).containsExactly("[Alice]");

        clock.advance(Duration.ofMillis(1));
        engine.tick();
        assertThat(sink.pagedNames()).containsExactly("[Alice]", "[Bob]");
        assertThat(sink.of("escalation").get(0).message().details()).containsExactly("not acknowledged within 15m: escalated to Bob (secondary)");

        clock.advance(Duration.ofMinutes(15));
        engine.tick();
        assertThat(sink.pagedNames()).containsExactly("[Alice]", "[Bob]", "[CTO]");

        clock.advance(Duration.ofHours(2));
        engine.tick();
        assertThat(sink.pagedNames()).as("nobody after the escalation contact").containsExactly("[Alice]", "[Bob]", "[CTO]");
    }

    @Test
    public void aHighIncidentAcknowledgedAt1459DoesNotEscalate() {
        IncidentEngine engine = engine();
        IncidentRecord incident = openBackupFailure(engine);

        clock.advance(Duration.ofMinutes(14).plusSeconds(59));
        engine.acknowledge(incident.id(), "Alice");
        clock.advance(Duration.ofSeconds(1));
        engine.tick();
        clock.advance(Duration.ofHours(1));
        engine.tick();

        assertThat(sink.pagedNames()).containsExactly("[Alice]");
        assertThat(sink.to(Audience.ON_CALL, NoticeAction.ACKNOWLEDGE)).singleElement()
                .satisfies(n -> assertThat(n.facts()).containsEntry("acknowledgedBy", "Alice"));
        IncidentRecord stored = store.load(incident.id()).orElseThrow();
        assertThat(stored.timeToAcknowledge()).contains(Duration.ofMinutes(14).plusSeconds(59));
        assertThat(stored.nextEscalationAt()).isEmpty();
    }

    @Test
    public void aCriticalIncidentPagesPrimaryAndSecondaryAtOnceAndEscalatesImmediately() {
        engine().open(IncidentRequest.of(IncidentEvent.PRIMARY_UNREACHABLE, "primary database unreachable"));

        assertThat(sink.pagedNames()).containsExactly("[Alice, Bob]", "[CTO]");
        assertThat(sink.to(Audience.ON_CALL, NoticeAction.TRIGGER)).allSatisfy(n -> {
            assertThat(n.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(n.message().started()).isEqualTo(T0);
        });
    }

    @Test
    public void aMediumIncidentNotifiesThePrimaryAndEscalatesAfterAnHour() {
        IncidentEngine engine = engine();
        engine.open(IncidentRequest.of(IncidentEvent.DRILL_FAILED, "drill failed"));
        clock.advance(Duration.ofMinutes(59));
        engine.tick();
        assertThat(sink.pagedNames()).containsExactly("[Alice]");

        clock.advance(Duration.ofMinutes(1));
        engine.tick();
        assertThat(sink.pagedNames()).containsExactly("[Alice]", "[Bob]");
        assertThat(sink.to(Audience.EXECUTIVES, NoticeAction.TRIGGER)).as("medium does not reach executives").isEmpty();
    }

    @Test
    public void theRotationOfTheMomentIsPagedWeekTwoGetsCarolAndDan() {
        clock.set(Instant.parse("2026-01-12T00:00:00Z"));
        engine().open(IncidentRequest.of(IncidentEvent.FAILOVER_STARTED, "failing over to eu-west-1"));

        assertThat(sink.pagedNames()).containsExactly("[Carol, Dan]", "[VP Engineering]");
    }

    @Test
    public void executiveUpdatesGoOutEveryFifteenMinutesAndStopAtResolve() {
        IncidentEngine engine = engine();
        IncidentRecord incident = engine.open(IncidentRequest.of(IncidentEvent.PRIMARY_UNREACHABLE, "primary database unreachable"));
        for (int minute = 1; minute <= 40; minute++) {
            clock.set(T0.plus(Duration.ofMinutes(minute)));
            engine.tick();
        }
        engine.resolve(incident.id(), "failed over to eu-west-1", Map.of());
        for (int minute = 41; minute <= 120; minute++) {
            clock.set(T0.plus(Duration.ofMinutes(minute)));
            engine.tick();
        }

        assertThat(sink.to(Audience.EXECUTIVES, NoticeAction.TRIGGER)).extracting(n -> n.message().text().lines()
                .filter(l -> l.startsWith("Next Update:")).findFirst().orElseThrow())
                .containsExactly("Next Update: 14:45 UTC", "Next Update: 15:00 UTC", "Next Update: 15:15 UTC");
        assertThat(sink.to(Audience.EXECUTIVES, NoticeAction.RESOLVE)).singleElement()
                .satisfies(n -> assertThat(n.message().status()).isEqualTo(IncidentStatus.RESOLVED));
    }

    @Test
    public void stakeholdersAreEmailedOnceWhenTheIncidentLastsMoreThanFiveMinutes() {
        IncidentEngine engine = engine();
        engine.open(IncidentRequest.of(IncidentEvent.PRIMARY_UNREACHABLE, "primary database unreachable").impact("~120 users affected / ~100% of traffic impacted"));
        clock.set(T0.plus(Duration.ofMinutes(5)));
        engine.tick();
        assertThat(sink.to(Audience.STAKEHOLDERS, NoticeAction.TRIGGER)).isEmpty();

        clock.set(T0.plus(Duration.ofMinutes(5)).plusSeconds(1));
        engine.tick();
        clock.set(T0.plus(Duration.ofMinutes(30)));
        engine.tick();

        assertThat(sink.to(Audience.STAKEHOLDERS, NoticeAction.TRIGGER)).singleElement().satisfies(n ->
                assertThat(n.message().text()).contains("Impact: ~120 users affected / ~100% of traffic impacted"));
    }

    @Test
    public void anIncidentResolvedWithinFiveMinutesNeverReachesStakeholders() {
        IncidentEngine engine = engine();
        IncidentRecord incident = engine.open(IncidentRequest.of(IncidentEvent.PRIMARY_UNREACHABLE, "primary database unreachable"));
        clock.advance(Duration.ofMinutes(4));
        engine.resolve(incident.id(), "recovered by itself", Map.of());
        clock.advance(Duration.ofMinutes(10));
        engine.tick();

        assertThat(sink.all()).noneMatch(n -> n.audience() == Audience.STAKEHOLDERS);
    }

    @Test
    public void escalationTimersSurviveARestartAndStopOnAnAcknowledgementFromAnotherProcess() {
        IncidentRecord incident = openBackupFailure(engine());
        clock.advance(Duration.ofMinutes(10));

        // The watch that opened it stops; a new one over the same bucket carries on.
        IncidentEngine restarted = engine();
        clock.advance(Duration.ofMinutes(5));
        restarted.tick();
        assertThat(sink.pagedNames()).containsExactly("[Alice]", "[Bob]");

        // Bob acknowledges from his laptop (dr incident ack): the running watch's next escalation does not happen.
        engine().acknowledge(incident.id(), "Bob");
        clock.advance(Duration.ofMinutes(20));
        restarted.tick();
        assertThat(sink.pagedNames()).containsExactly("[Alice]", "[Bob]");
        assertThat(bucket.getBytes(IncidentStore.stateKey(incident.id()))).isPresent();
    }

    @Test
    public void theSameEventOnTheSameSubjectWhileOpenIsOneIncidentPagedOnce() {
        IncidentEngine engine = engine();
        IncidentRecord first = openBackupFailure(engine);
        clock.advance(Duration.ofMinutes(1));
        IncidentRecord again = openBackupFailure(engine);
        IncidentRecord other = engine.open(IncidentRequest.of(IncidentEvent.BACKUP_FAILED, "backup of jenkins-home failed").subject("jenkins-home"));

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(other.id()).isNotEqualTo(first.id());
        assertThat(sink.pagedNames()).containsExactly("[Alice]", "[Alice]");
    }

    @Test
    public void everyMessageUsesThePlansTemplateAndDrillsAreMarked() {
        IncidentEngine engine = engine();
        IncidentRecord drill = engine.open(IncidentRequest.of(IncidentEvent.MANUAL, "communication drill").asDrill().severity(Severity.HIGH));
        engine.resolve(drill.id(), "drill over", Map.of());

        assertThat(sink.all()).isNotEmpty().allSatisfy(n -> {
            assertThat(n.drill()).isTrue();
            assertThat(n.incidentId()).isEqualTo(drill.id());
            assertThat(n.message().text()).startsWith("Title: [INCIDENT] Jenkins - DRILL: ")
                    .contains("\nStarted: 2026-01-06 14:30 UTC\nStatus: ").contains("\nImpact: ").contains("\nNext Update: ");
        });
        assertThat(sink.of("initialAlert")).singleElement().satisfies(n -> assertThat(n.audience()).isEqualTo(Audience.INCIDENTS));
    }

    @Test
    public void theResolutionWritesAPostMortemDraftFromTheTimelineDueWithin24Hours() {
        IncidentEngine engine = engine();
        IncidentRecord incident = engine.open(IncidentRequest.of(IncidentEvent.PRIMARY_UNREACHABLE, "primary database unreachable"));
        clock.advance(Duration.ofMinutes(1));
        engine.note(incident.id(), "failover step fence: old primary fenced", Map.of());
        clock.advance(Duration.ofMinutes(2));
        engine.acknowledge(incident.id(), "Alice");
        clock.advance(Duration.ofMinutes(2));
        engine.resolve(incident.id(), "failed over to eu-west-1", Map.of("rtoSeconds", "272", "rpoSeconds", "41"));

        String draft = store.postMortem(incident.id()).orElseThrow();
        assertThat(draft).contains("# Post-mortem: [INCIDENT] Jenkins - primary database unreachable")
                .contains("| Acknowledged | 2026-01-06 14:33:00 UTC by Alice (after 3m) |")
                .contains("- RTO: 272 s").contains("- RPO: 41 s")
                .contains("| 2026-01-06 14:30:00 UTC | primary | Alice |").contains("| 2026-01-06 14:30:00 UTC | escalation | CTO |")
                .contains("2026-01-06 14:31:00 UTC failover step fence: old primary fenced")
                .contains("| Post-mortem due | 2026-01-07 14:35:00 UTC |");
        assertThat(sink.of("postMortemReminder")).singleElement().satisfies(n -> {
            assertThat(n.audience()).isEqualTo(Audience.INCIDENTS);
            assertThat(n.facts()).containsEntry("postMortemDue", "2026-01-07T14:35:00Z");
        });
    }

    @Test
    public void configuredSeveritiesAndSlasReplaceThePlansDefaults() {
        config = S3.config(ROTATION + """
                incidents:
                  severities: { backupFailed: critical }
                  escalateAfter: { high: 5m }
                """);
        bucket.close();
        bucket = S3.open(config.primary());
        store = new IncidentStore(bucket);
        IncidentEngine engine = engine();
        engine.open(IncidentRequest.of(IncidentEvent.BACKUP_FAILED, "backup failed"));
        engine.open(IncidentRequest.of(IncidentEvent.VERDICT_STALE, "verification evidence stale"));
        clock.advance(Duration.ofMinutes(5));
        engine.tick();

        assertThat(sink.pagedNames()).containsExactly("[Alice, Bob]", "[CTO]", "[Alice]", "[Bob]");
    }

    @Test
    public void badIncidentSettingsAreRefusedNamingTheFieldAndTheFix() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                incidents:
                  detecton: 30s
                  severities: { backupFailed: urgent, backupFailled: high }
                  escalateAfter: { info: 5m }
                """, "dr.yaml")).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(Object::toString).containsExactlyInAnyOrder(
                        "incidents.detecton: unknown key; did you mean detection? (allowed keys: detection, severities, escalateAfter, customerEmailAfter, executiveUpdateEvery, postMortemWithin, stakeholdersFrom, executivesFrom)",
                        "incidents.severities.backupFailed: \"urgent\" is not a severity; write critical, high, medium or info",
                        "incidents.severities.backupFailled: unknown key; did you mean backupFailed? (allowed keys: " + IncidentEvent.allowed() + ")",
                        "incidents.escalateAfter.info: is not a severity that escalates; use critical, high or medium"));
    }

    @Test
    public void withoutARotationThePageGoesToTheOnCallChannelAndNothingEscalates() {
        config = S3.config("");
        bucket.close();
        bucket = S3.open(config.primary());
        store = new IncidentStore(bucket);
        IncidentEngine engine = engine();
        engine.open(IncidentRequest.of(IncidentEvent.BACKUP_FAILED, "backup failed"));
        clock.advance(Duration.ofHours(3));
        engine.tick();

        assertThat(sink.pagedNames()).containsExactly("[]");
    }

    @Test
    public void acknowledgingAnUnknownIncidentSaysHowToFindTheRightOne() {
        assertThatThrownBy(() -> engine().acknowledge("INC-nope", "Alice"))
                .hasMessage("no incident INC-nope in the primary region's bucket; dr incident status lists the incidents");
    }
}
