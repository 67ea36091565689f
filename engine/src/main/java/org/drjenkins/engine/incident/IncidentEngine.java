package org.drjenkins.engine.incident;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Durations;
import org.drjenkins.engine.config.IncidentEvent;
import org.drjenkins.engine.config.IncidentSettings;
import org.drjenkins.engine.notify.Audience;
import org.drjenkins.engine.notify.Contact;
import org.drjenkins.engine.notify.IncidentMessage;
import org.drjenkins.engine.notify.IncidentStatus;
import org.drjenkins.engine.notify.Notice;
import org.drjenkins.engine.notify.NoticeAction;
import org.drjenkins.engine.notify.NoticeSink;
import org.drjenkins.engine.notify.Severity;
import org.drjenkins.engine.oncall.Layer;
import org.drjenkins.engine.oncall.Rotation;
import org.drjenkins.engine.oncall.Shift;
import org.drjenkins.engine.util.InvalidRequestException;

/**
 * The plan's incident response: opens incidents with the configured severity, pages the on-call layers the response
 * rule names, escalates to the next layer when nobody acknowledges within the severity's SLA, emails stakeholders once
 * an incident lasts longer than 5 minutes, updates executives every 15 minutes until it is resolved, and at the
 * resolution sends the post-mortem reminder with a draft built from the timeline.
 *
 * <p>Time comes from the injected clock and nothing waits: the owner calls {@link #tick()} (every probe round of
 * {@code dr watch}, a drill's loop), so tests drive it minute by minute. All state is in the {@link IncidentStore},
 * loaded and saved on every call, so a new engine over the same bucket carries on where a stopped one left off.
 * Notices go to the {@link NoticeSink}, which returns at once (delivery, retries and timeouts are behind it).
 */
public final class IncidentEngine {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter DUE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** The {@code kind} fact of each notice, so channels and tests can tell the protocol's messages apart. */
    public static final String KIND = "kind";

    private final IncidentSettings settings;
    private final Rotation rotation;
    private final String service;
    private final IncidentStore store;
    private final NoticeSink sink;
    private final Clock clock;
    /** The notices of the change being made, sent once it is stored; guarded by this. */
    private final List<Notice> outbox = new ArrayList<>();

    /**
     * @param rotation null when none is configured: pages then go to the on-call channel without names and nothing
     *                 escalates (there is nobody to escalate to)
     */
    public IncidentEngine(IncidentSettings settings, Rotation rotation, String service, IncidentStore store, NoticeSink sink,
            Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.rotation = rotation;
        this.service = Objects.requireNonNull(service, "service");
        this.store = Objects.requireNonNull(store, "store");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The plan's settings, rotation and service name. */
    public static IncidentEngine from(DrConfig config, IncidentStore store, NoticeSink sink, Clock clock) {
        return new IncidentEngine(config.incidents(), config.rotation().orElse(null), config.notifications().service(), store, sink, clock);
    }

    public IncidentSettings settings() {
        return settings;
    }

    public Optional<Rotation> rotation() {
        return Optional.ofNullable(rotation);
    }

    /**
     * Opens an incident and sends the initial alert, the pages (and, for critical, the escalation at once) and the
     * first executive update. While an incident of the same event and subject is unresolved, returns that one instead
     * (noted in its timeline): a watch that keeps seeing the outage must not page again and again.
     */
    public synchronized IncidentRecord open(IncidentRequest request) {
        Instant now = clock.instant();
        Optional<IncidentRecord> open = unresolvedFor(request.event(), request.subject(), request.drill());
        if (open.isPresent()) {
            return change(open.get(), record -> {
                record.log(now, "seen again: " + request.description());
                return true;
            }, null);
        }
        Severity severity = request.severity() != null ? request.severity() : settings.severityOf(request.event());
        String id = "INC-" + ID_TIME.format(now) + "-" + HexFormat.of().formatHex(new byte[] {(byte) RANDOM.nextInt(), (byte) RANDOM.nextInt()});
        Map<String, String> facts = new LinkedHashMap<>(request.facts());
        facts.put("event", request.event().yamlName());
        IncidentRecord record = new IncidentRecord(id, request.event(), severity, service, request.description(),
                request.impact(), request.subject(), request.drill(), now, facts);
        outbox.clear();
        record.log(now, "opened: " + request.event().yamlName() + " (" + severity.yamlName() + "): " + request.description());
        if (reachesExecutives(record)) {
            record.nextExecutiveUpdate(now);
        }
        send(record, Audience.INCIDENTS, NoticeAction.TRIGGER, "initialAlert", List.of(), List.of("severity: " + severity.yamlName(),
                "incident " + id + "; acknowledge with: dr incident ack " + id + " --by NAME"), Map.of());
        record.log(now, "initial alert to the incidents channel");
        pageFirst(record, now);
        escalateDue(record, now);
        executiveUpdateDue(record, now);
        try {
            store.save(record);
        } catch (RuntimeException e) {
            outbox.clear();
            throw e;
        }
        flush();
        return record;
    }

    /**
     * An event that happened again or for the first time: while an incident of the same event and subject is
     * unresolved, that incident is updated (a line in its timeline, its facts, an update to the incidents channel:
     * nobody is paged twice for it); otherwise one is opened as {@link #open} does.
     */
    public synchronized IncidentRecord raise(IncidentRequest request) {
        Instant now = clock.instant();
        Optional<IncidentRecord> open = unresolvedFor(request.event(), request.subject(), request.drill());
        if (open.isEmpty()) {
            return open(request);
        }
        return change(open.get(), record -> {
            record.log(now, "again: " + request.description());
            record.facts(request.facts());
            send(record, Audience.INCIDENTS, NoticeAction.TRIGGER, "update", List.of(), List.of("again: " + request.description()), Map.of());
            return true;
        }, null);
    }

    /** The unresolved incident of this event and subject, if there is one (the one a new occurrence belongs to). */
    public Optional<IncidentRecord> unresolvedFor(IncidentEvent event, String subject, boolean drill) {
        return store.unresolved().stream().filter(open -> open.event() == event
                && Objects.equals(open.subject().orElse(null), subject) && open.drill() == drill).findFirst();
    }

    /** Stops the escalation: the person acknowledging owns the incident now. */
    public synchronized IncidentRecord acknowledge(String id, String who) {
        String by = who == null || who.isBlank() ? "someone" : who.strip();
        return change(existing(id), record -> {
            Instant now = clock.instant();
            if (record.resolved()) {
                throw new InvalidRequestException("incident " + id + " is already resolved; nothing to acknowledge");
            }
            if (record.acknowledgedAt().isPresent()) {
                return false;
            }
            record.acknowledge(now, by);
            String after = Durations.format(Duration.between(record.openedAt(), now));
            record.log(now, "acknowledged by " + by + " after " + after);
            send(record, Audience.ON_CALL, NoticeAction.ACKNOWLEDGE, "acknowledgement", paged(record), List.of("acknowledged by " + by + " after " + after), Map.of("acknowledgedBy", by));
            send(record, Audience.INCIDENTS, NoticeAction.ACKNOWLEDGE, "acknowledgement", List.of(), List.of("acknowledged by " + by + " after " + after), Map.of("acknowledgedBy", by));
            return true;
        }, null);
    }

    /** A by-hand or automatic update to the incidents channel (and executives when they follow it), e.g. MITIGATING. */
    public synchronized IncidentRecord update(String id, IncidentStatus status, String text, String impact) {
        if (status == IncidentStatus.RESOLVED) {
            throw new InvalidRequestException("use resolve to set RESOLVED: it stops the timers and sends the post-mortem reminder");
        }
        return change(existing(id), record -> {
            Instant now = clock.instant();
            if (record.resolved()) {
                throw new InvalidRequestException("incident " + id + " is already resolved; open a new one");
            }
            if (status != null) {
                record.status(status);
            }
            if (impact != null && !impact.isBlank()) {
                record.impact(impact);
            }
            record.log(now, "update (" + record.status() + ")" + (text == null || text.isBlank() ? "" : ": " + text));
            List<String> details = text == null || text.isBlank() ? List.of() : List.of(text);
            send(record, Audience.INCIDENTS, NoticeAction.TRIGGER, "update", List.of(), details, Map.of());
            return true;
        }, null);
    }

    /** A line in the timeline only (a failover step, a measurement), for the post-mortem; sends nothing. */
    public synchronized IncidentRecord note(String id, String text, Map<String, String> facts) {
        return change(existing(id), record -> {
            record.log(clock.instant(), text);
            record.facts(facts == null ? Map.of() : facts);
            return true;
        }, null);
    }

    /**
     * Resolves: stops every timer, tells every audience that heard of the incident, writes the post-mortem draft next
     * to the state and sends the reminder that it is due within {@code incidents.postMortemWithin}.
     *
     * @param facts measured figures for the draft, e.g. {@code rtoSeconds}, {@code rpoSeconds}
     */
    public synchronized IncidentRecord resolve(String id, String summary, Map<String, String> facts) {
        return change(existing(id), record -> close(record, summary, facts, true),
                record -> store.savePostMortem(record.id(), PostMortemDraft.render(record)));
    }

    /**
     * Resolves an incident another one replaces (a verdict AT_RISK that turned VIOLATED: the new incident carries on,
     * with its own severity): every audience that heard of it is told, but no post-mortem is asked for this one.
     */
    public synchronized IncidentRecord supersede(String id, String summary) {
        return change(existing(id), record -> close(record, summary, Map.of(), false), null);
    }

    private boolean close(IncidentRecord record, String summary, Map<String, String> facts, boolean postMortem) {
        Instant now = clock.instant();
        if (record.resolved()) {
            return false;
        }
        record.facts(facts == null ? Map.of() : facts);
        boolean executivesHeard = reachesExecutives(record);
        boolean stakeholdersHeard = record.customerEmailAt().isPresent();
        Instant due = postMortem ? now.plus(settings.postMortemWithin()) : null;
        record.resolve(now, due);
        String lasted = Durations.format(Duration.between(record.openedAt(), now));
        record.log(now, (postMortem ? "resolved after " : "superseded after ") + lasted
                + (summary == null || summary.isBlank() ? "" : ": " + summary));
        List<String> details = new ArrayList<>();
        if (summary != null && !summary.isBlank()) {
            details.add(summary);
        }
        details.add("resolved after " + lasted);
        send(record, Audience.INCIDENTS, NoticeAction.RESOLVE, "resolution", List.of(), details, Map.of());
        send(record, Audience.ON_CALL, NoticeAction.RESOLVE, "resolution", paged(record), details, Map.of());
        if (executivesHeard) {
            send(record, Audience.EXECUTIVES, NoticeAction.RESOLVE, "resolution", List.of(), details, Map.of());
        }
        if (stakeholdersHeard) {
            send(record, Audience.STAKEHOLDERS, NoticeAction.RESOLVE, "resolution", List.of(), details, Map.of());
        }
        if (postMortem) {
            record.log(now, "post-mortem reminder sent; due " + due);
            outbox.add(new Notice(record.id(), NoticeAction.RESOLVE, Severity.INFO, Audience.INCIDENTS, message(record, null, List.of(
                    "post-mortem due " + DUE.format(due), "draft: " + IncidentStore.postMortemKey(record.id())
                    + " in the primary region's bucket (timeline, pages, acknowledgement, measured RTO/RPO)",
                    "due within " + Durations.format(settings.postMortemWithin()) + " of the resolution")), List.of(), record.drill(),
                    facts(record, "postMortemReminder", Map.of("postMortemDue", due.toString()))));
        }
        return true;
    }

    /**
     * Does what is due now for every incident: escalations nobody acknowledged in time, the customer email, executive
     * updates, and, once a resolved incident's post-mortem is due and still the unfilled draft, one reminder that it
     * is overdue (recorded in its timeline, so never twice). Cheap when nothing is due; call it as often as convenient.
     *
     * @return the incidents that changed
     */
    public synchronized List<IncidentRecord> tick() {
        List<IncidentRecord> changed = new ArrayList<>();
        for (IncidentRecord listed : store.all()) {
            boolean[] didSomething = {false};
            IncidentRecord after = change(listed, record -> {
                Instant now = clock.instant();
                int before = record.timeline().size();
                if (record.resolved()) {
                    postMortemOverdue(record, now);
                } else {
                    escalateDue(record, now);
                    customerEmailDue(record, now);
                    executiveUpdateDue(record, now);
                }
                didSomething[0] = record.timeline().size() != before;
                return didSomething[0];
            }, null);
            if (didSomething[0]) {
                changed.add(after);
            }
        }
        return changed;
    }

    /** The heading the draft is written with and the words it has under it until someone fills it in. */
    private static final String UNFILLED = PostMortemDraft.ROOT_CAUSE_HEADING + "\n\n" + PostMortemDraft.TO_FILL_IN;

    private void postMortemOverdue(IncidentRecord record, Instant now) {
        Optional<Instant> due = record.postMortemDueAt();
        if (due.isEmpty() || now.isBefore(due.get()) || record.postMortemOverdueAt().isPresent() || record.drill()) {
            return;
        }
        // Written means someone filled in the root cause of the draft in the bucket (or replaced the draft).
        boolean written = store.postMortem(record.id()).map(text -> !text.contains(UNFILLED)).orElse(false);
        if (written) {
            return;
        }
        record.postMortemOverdue(now);
        record.log(now, "post-mortem overdue (due " + DUE.format(due.get()) + "): reminder sent");
        outbox.add(new Notice(record.id(), NoticeAction.RESOLVE, Severity.INFO, Audience.INCIDENTS, message(record, null, List.of(
                "the post-mortem was due " + DUE.format(due.get()) + " and is not written yet",
                "draft: " + IncidentStore.postMortemKey(record.id()) + " in the primary region's bucket: fill in the root cause")),
                List.of(), record.drill(), facts(record, "postMortemOverdue", Map.of("postMortemDue", due.get().toString()))));
    }

    /** How often a change is applied again to what another writer stored in between before giving up. */
    static final int ATTEMPTS = 5;

    /**
     * Applies {@code work} to the record and stores it conditionally on the version it was read as; when someone else
     * wrote in between, reloads and applies {@code work} again to their version. Notices go out only once the change
     * is stored, so a retried change never sends twice.
     *
     * @param work       changes the record; false: nothing to store
     * @param afterSaved runs once the change is stored, before its notices go out (the post-mortem draft); may be null
     */
    private IncidentRecord change(IncidentRecord first, java.util.function.Predicate<IncidentRecord> work,
            java.util.function.Consumer<IncidentRecord> afterSaved) {
        IncidentRecord record = first;
        for (int attempt = 1; ; attempt++) {
            outbox.clear();
            if (!work.test(record)) {
                outbox.clear();
                return record;
            }
            try {
                store.save(record);
            } catch (IncidentStore.ConflictException e) {
                outbox.clear();
                if (attempt >= ATTEMPTS) {
                    throw new IllegalStateException("incident " + first.id() + " kept changing under " + ATTEMPTS
                            + " attempts to store this change; try again", e);
                }
                record = existing(first.id());
                continue;
            } catch (RuntimeException e) {
                outbox.clear();
                throw e;
            }
            if (afterSaved != null) {
                afterSaved.accept(record);
            }
            flush();
            return record;
        }
    }

    private void flush() {
        List<Notice> ready = List.copyOf(outbox);
        outbox.clear();
        ready.forEach(sink::send);
    }

    public Optional<IncidentRecord> find(String id) {
        return store.load(id);
    }

    public List<IncidentRecord> unresolved() {
        return store.unresolved();
    }

    public List<IncidentRecord> all() {
        return store.all();
    }

    private IncidentRecord existing(String id) {
        return store.load(id).orElseThrow(() -> new InvalidRequestException("no incident " + id
                + " in the primary region's bucket; dr incident status lists the incidents"));
    }

    private void pageFirst(IncidentRecord record, Instant now) {
        List<Layer> first = ResponseRule.firstPaged(record.severity());
        if (first.isEmpty()) {
            return;
        }
        if (rotation == null) {
            record.log(now, "paged the on-call channel (no oncall: rotation configured, so nobody by name and no escalation)");
            send(record, Audience.ON_CALL, NoticeAction.TRIGGER, "page", List.of(), List.of("no rotation configured"), Map.of());
            return;
        }
        Shift shift = rotation.onCallAt(now);
        List<Contact> to = new ArrayList<>();
        List<String> layers = new ArrayList<>();
        for (Layer layer : first) {
            Optional<Contact> person = shift.who(layer);
            if (person.isPresent()) {
                to.add(person.get());
                layers.add(layer.yamlName());
                record.paged(new Page(now, layer, person.get()));
                record.log(now, (record.severity() == Severity.MEDIUM ? "notified " : "paged ") + person.get().name() + " (" + layer.yamlName() + ")");
            } else {
                record.log(now, "nobody on " + layer.yamlName() + " now: a gap in the rotation");
            }
        }
        if (!to.isEmpty()) {
            send(record, Audience.ON_CALL, NoticeAction.TRIGGER, "page", to, List.of(pagedLine(to, layers)), Map.of("layer", String.join(",", layers)));
        }
        Optional<Layer> next = first.get(first.size() - 1).next();
        settings.escalationDelay(record.severity()).ifPresent(delay -> next.ifPresent(layer -> record.escalateNext(layer, now.plus(delay))));
    }

    private void escalateDue(IncidentRecord record, Instant now) {
        Optional<Duration> delay = settings.escalationDelay(record.severity());
        while (rotation != null && delay.isPresent() && record.acknowledgedAt().isEmpty() && record.nextEscalationAt().isPresent()
                && !now.isBefore(record.nextEscalationAt().get())) {
            Instant due = record.nextEscalationAt().get();
            Layer layer = record.nextLayer().orElseThrow();
            Optional<Contact> person = rotation.onCallAt(now).who(layer);
            String why = delay.get().isZero() ? record.severity().yamlName() + " escalates at once"
                    : "not acknowledged within " + Durations.format(delay.get());
            if (person.isPresent()) {
                record.paged(new Page(now, layer, person.get()));
                record.log(now, "escalated to " + person.get().name() + " (" + layer.yamlName() + "): " + why);
                List<String> details = List.of(why + ": escalated to " + person.get().name() + " (" + layer.yamlName() + ")");
                send(record, Audience.ON_CALL, NoticeAction.TRIGGER, "escalation", List.of(person.get()), details, Map.of("layer", layer.yamlName()));
                send(record, Audience.INCIDENTS, NoticeAction.TRIGGER, "escalation", List.of(), details, Map.of("layer", layer.yamlName()));
            } else {
                record.log(now, "nobody on " + layer.yamlName() + " to escalate to: a gap in the rotation");
            }
            Optional<Layer> after = layer.next();
            if (after.isPresent()) {
                // The next step counts from when this one was due, so a late tick does not stretch the SLA.
                record.escalateNext(after.get(), due.plus(delay.get()));
            } else {
                record.escalateNext(null, null);
            }
        }
    }

    private void customerEmailDue(IncidentRecord record, Instant now) {
        if (record.customerEmailAt().isPresent() || !IncidentSettings.atLeast(record.severity(), settings.stakeholdersFrom())
                || Duration.between(record.openedAt(), now).compareTo(settings.customerEmailAfter()) <= 0) {
            return;
        }
        record.customerEmailed(now);
        record.log(now, "customer email to stakeholders (the incident has lasted more than " + Durations.format(settings.customerEmailAfter()) + ")");
        send(record, Audience.STAKEHOLDERS, NoticeAction.TRIGGER, "customerEmail", List.of(),
                List.of("we are working on it; the next update follows by the time above"), Map.of());
    }

    private void executiveUpdateDue(IncidentRecord record, Instant now) {
        Optional<Instant> due = record.nextExecutiveUpdateAt();
        if (due.isEmpty() || now.isBefore(due.get())) {
            return;
        }
        Instant next = due.get();
        while (!next.isAfter(now)) {
            next = next.plus(settings.executiveUpdateEvery());
        }
        record.nextExecutiveUpdate(next);
        String state = record.acknowledgedBy().map(by -> "acknowledged by " + by).orElse("not acknowledged yet");
        record.log(now, "executive update (" + record.status() + ", " + state + ")");
        send(record, Audience.EXECUTIVES, NoticeAction.TRIGGER, "executiveUpdate", List.of(),
                List.of("severity " + record.severity().yamlName() + ", " + state, "open for " + Durations.format(Duration.between(record.openedAt(), now))), Map.of());
    }

    private boolean reachesExecutives(IncidentRecord record) {
        return IncidentSettings.atLeast(record.severity(), settings.executivesFrom()) && record.severity() != Severity.INFO;
    }

    private static List<Contact> paged(IncidentRecord record) {
        List<Contact> people = new ArrayList<>();
        record.pages().forEach(p -> {
            if (people.stream().noneMatch(c -> c.name().equals(p.person().name()))) {
                people.add(p.person());
            }
        });
        return people;
    }

    private static String pagedLine(List<Contact> to, List<String> layers) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < to.size(); i++) {
            parts.add(to.get(i).name() + " (" + layers.get(i) + ")");
        }
        return "paged: " + String.join(", ", parts);
    }

    /** Queued until the change is stored (see {@link #change}). */
    private void send(IncidentRecord record, Audience audience, NoticeAction action, String kind, List<Contact> to,
            List<String> details, Map<String, String> extra) {
        outbox.add(new Notice(record.id(), action, record.severity(), audience, message(record, null, details), to, record.drill(),
                facts(record, kind, extra)));
    }

    private IncidentMessage message(IncidentRecord record, String description, List<String> details) {
        String brief = description != null ? description : record.description();
        return new IncidentMessage(record.service(), (record.drill() ? "DRILL: " : "") + brief, record.openedAt(),
                record.status(), record.impact(), nextUpdate(record), details);
    }

    /** The template's Next Update: the next executive update, else one interval from now; none once resolved. */
    private Instant nextUpdate(IncidentRecord record) {
        if (record.resolved()) {
            return null;
        }
        return record.nextExecutiveUpdateAt().filter(at -> at.isAfter(clock.instant()))
                .orElse(clock.instant().plus(settings.executiveUpdateEvery()));
    }

    private static Map<String, String> facts(IncidentRecord record, String kind, Map<String, String> extra) {
        Map<String, String> facts = new LinkedHashMap<>(record.facts());
        facts.put(KIND, kind);
        facts.put("event", record.event().yamlName());
        facts.put("status", record.status().name());
        if (record.drill()) {
            facts.put("drill", "true");
        }
        facts.putAll(extra);
        return facts;
    }
}
