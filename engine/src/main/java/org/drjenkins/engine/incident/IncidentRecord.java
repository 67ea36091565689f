package org.drjenkins.engine.incident;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.config.IncidentEvent;
import org.drjenkins.engine.notify.IncidentStatus;
import org.drjenkins.engine.notify.Severity;
import org.drjenkins.engine.oncall.Layer;

/**
 * The state of one incident, as stored in {@code incidents/<id>/incident.json} of the primary region's bucket: what
 * the engine needs to go on after a restart (who was paged, whether anyone acknowledged, when the next escalation,
 * executive update and customer email are due) and the timeline the post-mortem draft is written from.
 *
 * <p>Mutable on purpose, but only the engine (same package) changes it, always load-change-save.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public final class IncidentRecord {

    private String id;
    private IncidentEvent event;
    private Severity severity;
    private String service;
    private String description;
    private String impact;
    /** What the event is about (a component, a region): the same event on the same subject is one incident. */
    private String subject;
    private boolean drill;
    private IncidentStatus status;
    private Instant openedAt;
    private List<Page> pages = new ArrayList<>();
    private Instant acknowledgedAt;
    private String acknowledgedBy;
    /** The layer paged next when nobody acknowledges by {@link #nextEscalationAt}; null when nothing is left. */
    private Layer nextLayer;
    private Instant nextEscalationAt;
    private Instant customerEmailAt;
    private Instant nextExecutiveUpdateAt;
    private Instant resolvedAt;
    private Instant postMortemDueAt;
    /** When the one reminder that the post-mortem is overdue went out; null until then. */
    private Instant postMortemOverdueAt;
    private List<TimelineEntry> timeline = new ArrayList<>();
    private Map<String, String> facts = new LinkedHashMap<>();
    /**
     * The ETag of the stored object this copy was read from or last written as (null: not stored yet): the next save
     * is conditional on it, so a change made by another process in between is never overwritten. Not stored itself.
     */
    @JsonIgnore
    private transient String etag;

    /** For Jackson. */
    IncidentRecord() {
    }

    IncidentRecord(String id, IncidentEvent event, Severity severity, String service, String description, String impact,
            String subject, boolean drill, Instant openedAt, Map<String, String> facts) {
        this.id = id;
        this.event = event;
        this.severity = severity;
        this.service = service;
        this.description = description;
        this.impact = impact;
        this.subject = subject;
        this.drill = drill;
        this.status = IncidentStatus.INVESTIGATING;
        this.openedAt = openedAt;
        this.facts.putAll(facts);
    }

    public String id() { return id; }
    public IncidentEvent event() { return event; }
    public Severity severity() { return severity; }
    public String service() { return service; }
    public String description() { return description; }
    public String impact() { return impact; }
    public Optional<String> subject() { return Optional.ofNullable(subject); }
    public boolean drill() { return drill; }
    public IncidentStatus status() { return status; }
    public Instant openedAt() { return openedAt; }
    public List<Page> pages() { return List.copyOf(pages); }
    public Optional<Instant> acknowledgedAt() { return Optional.ofNullable(acknowledgedAt); }
    public Optional<String> acknowledgedBy() { return Optional.ofNullable(acknowledgedBy); }
    public Optional<Layer> nextLayer() { return Optional.ofNullable(nextLayer); }
    public Optional<Instant> nextEscalationAt() { return Optional.ofNullable(nextEscalationAt); }
    public Optional<Instant> customerEmailAt() { return Optional.ofNullable(customerEmailAt); }
    public Optional<Instant> nextExecutiveUpdateAt() { return Optional.ofNullable(nextExecutiveUpdateAt); }
    public Optional<Instant> resolvedAt() { return Optional.ofNullable(resolvedAt); }
    public Optional<Instant> postMortemDueAt() { return Optional.ofNullable(postMortemDueAt); }
    public Optional<Instant> postMortemOverdueAt() { return Optional.ofNullable(postMortemOverdueAt); }
    public List<TimelineEntry> timeline() { return List.copyOf(timeline); }
    public Map<String, String> facts() { return Map.copyOf(facts); }

    public boolean resolved() {
        return status == IncidentStatus.RESOLVED;
    }

    /** From opening to acknowledgement, when someone acknowledged. */
    public Optional<Duration> timeToAcknowledge() {
        return acknowledgedAt().map(at -> Duration.between(openedAt, at));
    }

    void log(Instant at, String what) {
        timeline.add(new TimelineEntry(at, what));
    }

    void paged(Page page) {
        pages.add(page);
    }

    void acknowledge(Instant at, String who) {
        acknowledgedAt = at;
        acknowledgedBy = who;
        nextEscalationAt = null;
        nextLayer = null;
    }

    void escalateNext(Layer layer, Instant at) {
        nextLayer = layer;
        nextEscalationAt = at;
    }

    void customerEmailed(Instant at) {
        customerEmailAt = at;
    }

    void nextExecutiveUpdate(Instant at) {
        nextExecutiveUpdateAt = at;
    }

    void status(IncidentStatus newStatus) {
        status = newStatus;
    }

    void impact(String newImpact) {
        impact = newImpact;
    }

    void resolve(Instant at, Instant postMortemDue) {
        status = IncidentStatus.RESOLVED;
        resolvedAt = at;
        postMortemDueAt = postMortemDue;
        nextEscalationAt = null;
        nextLayer = null;
        nextExecutiveUpdateAt = null;
    }

    void postMortemOverdue(Instant at) {
        postMortemOverdueAt = at;
    }

    Optional<String> etag() {
        return Optional.ofNullable(etag);
    }

    void etag(String stored) {
        etag = stored;
    }

    void facts(Map<String, String> more) {
        facts.putAll(more);
    }
}
