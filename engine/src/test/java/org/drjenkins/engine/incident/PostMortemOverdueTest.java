package org.drjenkins.engine.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.IncidentEvent;
import org.drjenkins.engine.notify.Audience;
import org.drjenkins.engine.notify.NoticeAction;
import org.drjenkins.engine.notify.Severity;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.testing.S3Fixture;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The plan's post-mortem within 24 hours of RESOLVED: {@code tick} (what dr watch runs) reminds once when it is due
 * and the draft is still unfilled, never twice, also across a restart. Controlled clock; state in a real bucket.
 */
public class PostMortemOverdueTest {

    @ClassRule
    public static final S3Fixture S3 = new S3Fixture();

    private static final Instant T0 = IncidentEngineTest.T0;
    private final SteppingClock clock = new SteppingClock(T0);
    private final RecordingSink sink = new RecordingSink();
    private DrConfig config;
    private ObjectStore bucket;
    private IncidentStore store;

    @Before
    public void freshBucket() {
        config = S3.config(IncidentEngineTest.ROTATION);
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

    private IncidentRecord resolvedAt(Instant at) {
        IncidentEngine engine = engine();
        IncidentRecord incident = engine.open(IncidentRequest.of(IncidentEvent.BACKUP_FAILED, "backup of database failed").subject("database"));
        clock.set(at);
        return engine.resolve(incident.id(), "the next backup succeeded", Map.of());
    }

    @Test
    public void oneReminderGoesOutWhenThePostMortemIsDueAndNoneTwiceEvenAfterARestart() {
        Instant resolved = T0.plus(Duration.ofMinutes(40));
        IncidentRecord incident = resolvedAt(resolved);
        IncidentEngine engine = engine();

        clock.set(resolved.plus(Duration.ofHours(24)).minusSeconds(1));
        engine.tick();
        assertThat(sink.of("postMortemOverdue")).as("not due yet").isEmpty();

        clock.set(resolved.plus(Duration.ofHours(24)));
        assertThat(engine.tick()).extracting(IncidentRecord::id).containsExactly(incident.id());
        clock.advance(Duration.ofHours(1));
        engine.tick();
        clock.advance(Duration.ofDays(3));
        engine().tick();

        assertThat(sink.of("postMortemOverdue")).singleElement().satisfies(n -> {
            assertThat(n.audience()).isEqualTo(Audience.INCIDENTS);
            assertThat(n.action()).as("the incident stays resolved in PagerDuty").isEqualTo(NoticeAction.RESOLVE);
            assertThat(n.severity()).isEqualTo(Severity.INFO);
            assertThat(n.message().text()).contains("the post-mortem was due 2026-01-07 15:10 UTC and is not written yet")
                    .contains(IncidentStore.postMortemKey(incident.id()));
        });
        IncidentRecord stored = store.load(incident.id()).orElseThrow();
        assertThat(stored.postMortemOverdueAt()).contains(resolved.plus(Duration.ofHours(24)));
        assertThat(stored.timeline()).extracting(TimelineEntry::what)
                .filteredOn(w -> w.startsWith("post-mortem overdue")).containsExactly("post-mortem overdue (due 2026-01-07 15:10 UTC): reminder sent");
    }

    @Test
    public void aPostMortemWhoseRootCauseIsFilledInIsNotRemindedOf() {
        Instant resolved = T0.plus(Duration.ofMinutes(40));
        IncidentRecord incident = resolvedAt(resolved);
        String draft = store.postMortem(incident.id()).orElseThrow();
        store.savePostMortem(incident.id(), draft.replace(PostMortemDraft.ROOT_CAUSE_HEADING + "\n\n" + PostMortemDraft.TO_FILL_IN,
                PostMortemDraft.ROOT_CAUSE_HEADING + "\n\nThe dump ran out of disk on the agent."));

        clock.set(resolved.plus(Duration.ofHours(30)));
        engine().tick();

        assertThat(sink.of("postMortemOverdue")).isEmpty();
        assertThat(store.load(incident.id()).orElseThrow().postMortemOverdueAt()).isEmpty();
    }

    @Test
    public void aSupersededIncidentAsksForNoPostMortem() {
        IncidentEngine engine = engine();
        IncidentRecord atRisk = engine.open(IncidentRequest.of(IncidentEvent.VERDICT_AT_RISK, "database is AT_RISK").subject("database"));
        engine.supersede(atRisk.id(), "database is VIOLATED now");

        clock.advance(Duration.ofDays(2));
        engine.tick();

        IncidentRecord stored = store.load(atRisk.id()).orElseThrow();
        assertThat(stored.resolved()).isTrue();
        assertThat(stored.postMortemDueAt()).isEmpty();
        assertThat(store.postMortem(atRisk.id())).isEmpty();
        assertThat(sink.of("postMortemReminder")).isEmpty();
        assertThat(sink.of("postMortemOverdue")).isEmpty();
        assertThat(sink.to(Audience.ON_CALL, NoticeAction.RESOLVE)).as("the on-call's alert is closed").hasSize(1);
    }
}
