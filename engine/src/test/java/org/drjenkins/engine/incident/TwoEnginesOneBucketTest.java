package org.drjenkins.engine.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.IncidentEvent;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.testing.S3Fixture;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Two engines over the same bucket (the project's S3 server), as a {@code dr watch} and a person's {@code dr incident
 * ack} on another machine: each writes conditionally on the version it read, so neither loses the other's change.
 * The second writer acts exactly between the first one's read and write (the first reads its clock in that gap).
 */
public class TwoEnginesOneBucketTest {

    @ClassRule
    public static final S3Fixture S3 = new S3Fixture();

    private static final Instant T0 = IncidentEngineTest.T0;

    private final HookedClock clock = new HookedClock(T0);
    private final RecordingSink watcherSink = new RecordingSink();
    private final RecordingSink personSink = new RecordingSink();
    private DrConfig config;
    private ObjectStore watcherBucket;
    private ObjectStore personBucket;
    private IncidentEngine watcher;
    private IncidentEngine person;

    @Before
    public void twoEngines() {
        config = S3.config(IncidentEngineTest.ROTATION);
        watcherBucket = S3.open(config.primary());
        personBucket = S3.open(config.primary());
        watcher = IncidentEngine.from(config, new IncidentStore(watcherBucket), watcherSink, clock);
        person = IncidentEngine.from(config, new IncidentStore(personBucket), personSink, clock);
    }

    @After
    public void close() {
        watcherBucket.close();
        personBucket.close();
    }

    private IncidentRecord backupFailure() {
        return watcher.open(IncidentRequest.of(IncidentEvent.BACKUP_FAILED, "backup of database failed").subject("database"));
    }

    @Test
    public void anAcknowledgementBetweenTheWatchersReadAndWriteStopsTheEscalationTheWatcherWasAboutToSend() {
        IncidentRecord incident = backupFailure();
        clock.set(T0.plus(Duration.ofMinutes(15)));
        clock.onNextRead(() -> person.acknowledge(incident.id(), "Alice"));

        watcher.tick();

        IncidentRecord stored = new IncidentStore(watcherBucket).load(incident.id()).orElseThrow();
        assertThat(stored.acknowledgedBy()).contains("Alice");
        assertThat(stored.pages()).extracting(p -> p.person().name()).containsExactly("Alice");
        assertThat(stored.timeline()).extracting(TimelineEntry::what).anyMatch(w -> w.startsWith("acknowledged by Alice"))
                .noneMatch(w -> w.startsWith("escalated to"));
        assertThat(watcherSink.of("escalation")).as("the escalation of the stale copy never went out").isEmpty();
        assertThat(watcherSink.pagedNames()).containsExactly("[Alice]");
        assertThat(personSink.of("acknowledgement")).hasSize(2);
    }

    @Test
    public void aNoteWrittenByOneEngineWhileTheOtherAcknowledgesKeepsBoth() {
        IncidentRecord incident = backupFailure();
        clock.onNextRead(() -> person.note(incident.id(), "failover step: promoted eu-west-1", Map.of("rtoSeconds", "42.0")));

        person.acknowledge(incident.id(), "Bob");
        watcher.acknowledge(incident.id(), "Alice");

        IncidentRecord stored = watcher.find(incident.id()).orElseThrow();
        assertThat(stored.timeline()).extracting(TimelineEntry::what)
                .contains("failover step: promoted eu-west-1").anyMatch(w -> w.startsWith("acknowledged by Bob"));
        assertThat(stored.acknowledgedBy()).as("the first acknowledgement stands").contains("Bob");
        assertThat(stored.facts()).containsEntry("rtoSeconds", "42.0");
        assertThat(personSink.of("acknowledgement")).as("sent once, after the retried change was stored").hasSize(2);
    }

    @Test
    public void savingACopyOlderThanTheStoredIncidentIsAConflict() {
        IncidentRecord incident = backupFailure();
        IncidentStore one = new IncidentStore(watcherBucket);
        IncidentStore other = new IncidentStore(personBucket);
        IncidentRecord first = one.load(incident.id()).orElseThrow();
        IncidentRecord second = other.load(incident.id()).orElseThrow();
        first.log(T0, "first writer");
        one.save(first);

        second.log(T0, "second writer, from a stale copy");
        assertThatThrownBy(() -> other.save(second)).isInstanceOf(IncidentStore.ConflictException.class)
                .hasMessageContaining(incident.id());
        assertThat(one.load(incident.id()).orElseThrow().timeline()).extracting(TimelineEntry::what)
                .contains("first writer").doesNotContain("second writer, from a stale copy");
        first.log(T0, "first writer again, on the version it stored");
        one.save(first);
    }
}
