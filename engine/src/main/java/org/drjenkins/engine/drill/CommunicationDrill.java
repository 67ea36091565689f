package org.drjenkins.engine.drill;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Durations;
import org.drjenkins.engine.config.IncidentEvent;
import org.drjenkins.engine.config.IncidentSettings;
import org.drjenkins.engine.config.WebhookTarget;
import org.drjenkins.engine.failover.IncidentNotifier;
import org.drjenkins.engine.failover.Seconds;
import org.drjenkins.engine.incident.IncidentEngine;
import org.drjenkins.engine.incident.IncidentRecord;
import org.drjenkins.engine.incident.IncidentRequest;
import org.drjenkins.engine.incident.IncidentStore;
import org.drjenkins.engine.incident.Page;
import org.drjenkins.engine.incident.WebhookNoticeSink;
import org.drjenkins.engine.incident.ConfiguredNotices;
import org.drjenkins.engine.notify.NoticeDelivery;
import org.drjenkins.engine.notify.NoticeDispatcher;
import org.drjenkins.engine.notify.Audience;
import org.drjenkins.engine.notify.Delivery;
import org.drjenkins.engine.notify.Notice;
import org.drjenkins.engine.notify.NoticeAction;
import org.drjenkins.engine.notify.NoticeSink;
import org.drjenkins.engine.notify.Severity;
import org.drjenkins.engine.oncall.Layer;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.storage.ObjectStore;

/**
 * The communication and escalation drill (the plan's Q3): a high DRILL incident through the incident engine, for
 * real: it pages the current primary, lets the drill's shortened SLA expire once to prove the escalation reaches the
 * secondary, measures the time to acknowledgement, sends the executive update and the customer email (to drill
 * addresses: every notice is marked as a drill), resolves and writes the post-mortem draft. Each step is a phase with
 * its measured time; with the configured webhooks as the channel, each webhook must have answered every notice.
 */
final class CommunicationDrill {

    /** Retries stop two minutes after a notice's first attempt; waiting a little longer lets the last of them end. */
    private static final Duration SETTLE = Duration.ofSeconds(130);

    private final DrConfig config;
    private final DrillTools tools;
    private final Clock clock;
    private final Progress progress;
    private final String drillId;
    private final CommunicationOptions options;
    private final List<Notice> sent = new CopyOnWriteArrayList<>();

    CommunicationDrill(DrConfig config, DrillTools tools, Clock clock, Progress progress, String drillId, CommunicationOptions options) {
        this.config = config;
        this.tools = tools;
        this.clock = clock;
        this.progress = progress;
        this.drillId = drillId;
        this.options = options;
    }

    void run(PhaseRunner phases) {
        List<WebhookTarget> configured = config.notifications().webhooks();
        // A plan with a pager or email routes notices by audience; one with webhooks only posts every notice to each.
        boolean routed = options.sink().isEmpty() && ConfiguredNotices.routedByAudience(config.notifications());
        NoticeDispatcher dispatcher = routed ? NoticeDispatcher.create(config.notifications().channels(), tools.env(), progress) : null;
        IncidentNotifier notifier = options.sink().isPresent() || routed ? null : new IncidentNotifier(
                IncidentNotifier.resolve(config.notifications(), tools.env(), progress), config.notifications().service(),
                org.drjenkins.engine.notify.WebhookNotifier.DEFAULT_TIMEOUT, progress);
        NoticeSink channel = options.sink().orElseGet(() -> routed ? dispatcher : new WebhookNoticeSink(notifier, progress::info));
        NoticeSink observed = notice -> {
            sent.add(notice);
            channel.send(notice);
        };
        Duration sla = options.drillSla();
        IncidentSettings base = config.incidents();
        // The drill's shortened SLA for the escalation and the customer email; every audience hears a drill.
        IncidentSettings drill = new IncidentSettings(base.severities(), base.detection(), Map.of(Severity.HIGH, sla),
                sla, base.executiveUpdateEvery(), base.postMortemWithin(), Severity.HIGH, Severity.HIGH);
        try (ObjectStore bucket = tools.stores().open(config.primary())) {
            IncidentEngine engine = new IncidentEngine(drill, config.rotation().orElse(null), config.notifications().service(),
                    new IncidentStore(bucket), observed, clock);
            Optional<String> id = open(phases, engine);
            if (id.isPresent()) {
                escalate(phases, engine, id.get());
                acknowledge(phases, engine, id.get());
                executiveUpdate(phases);
                customerEmail(phases, engine, id.get());
                resolve(phases, engine, id.get());
            }
        } finally {
            if (notifier != null) {
                notifier.close();
                webhooks(phases, configured, notifier.deliveries());
            }
            if (dispatcher != null) {
                settle(dispatcher);
                channels(phases, dispatcher.deliveries());
            }
        }
    }

    /** Lets every queued notice reach its channel (retries included) before the channels are reported. */
    private static void settle(NoticeDispatcher dispatcher) {
        try {
            dispatcher.awaitIdle(SETTLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            dispatcher.close(Duration.ofSeconds(1));
        }
    }

    /** One phase per channel that carried the drill: passed when every notice it was given was delivered. */
    private void channels(PhaseRunner phases, List<NoticeDelivery> deliveries) {
        Map<String, List<NoticeDelivery>> byChannel = new java.util.LinkedHashMap<>();
        deliveries.forEach(d -> byChannel.computeIfAbsent(d.channel(), c -> new ArrayList<>()).add(d));
        byChannel.forEach((name, mine) -> {
            long ok = mine.stream().filter(d -> d.delivery().ok()).count();
            List<String> failed = mine.stream().filter(d -> !d.delivery().ok()).map(d -> d.delivery().detail()).distinct().toList();
            double slowest = mine.stream().mapToDouble(d -> d.delivery().took().toMillis() / 1000.0).max().orElse(0);
            phases.record(new PhaseResult("channel " + name, "communication", ok == mine.size() ? PhaseStatus.PASSED
                    : PhaseStatus.FAILED, clock.instant(), slowest, ok + " of " + mine.size() + " notice(s) delivered"
                    + (failed.isEmpty() ? "" : ": " + String.join("; ", failed))));
        });
    }

    private Optional<String> open(PhaseRunner phases, IncidentEngine engine) {
        String[] id = new String[1];
        phases.run("page on-call", "communication", () -> {
            IncidentRecord record = engine.open(IncidentRequest.of(IncidentEvent.MANUAL, "drill " + drillId
                    + ": communication and escalation test, no action needed beyond acknowledging").subject(drillId)
                    .impact("none: this is a drill").severity(Severity.HIGH).asDrill()
                    .facts(Map.of("drillId", drillId)));
            id[0] = record.id();
            if (config.rotation().isEmpty()) {
                return "incident " + record.id() + ": paged the on-call channel; nobody by name (no oncall: rotation in dr.yaml)";
            }
            Page page = record.pages().stream().filter(p -> p.layer() == Layer.PRIMARY).findFirst()
                    .orElseThrow(() -> new PhaseFailedException("incident " + record.id() + " paged nobody: the rotation has nobody on primary now"));
            return "incident " + record.id() + ": paged " + page.person().name() + " (primary)"
                    + "; acknowledge with dr incident ack " + record.id();
        });
        return Optional.ofNullable(id[0]);
    }

    private void escalate(PhaseRunner phases, IncidentEngine engine, String id) {
        if (config.rotation().isEmpty()) {
            phases.record(new PhaseResult("escalation", "communication", PhaseStatus.SKIPPED, clock.instant(), 0,
                    "not drilled: no oncall: rotation to escalate through; add one to dr.yaml (docs/configuration.md, oncall)"));
            return;
        }
        phases.run("escalation", "communication", () -> {
            IncidentRecord record = waitFor(engine, id, options.drillSla().plus(Duration.ofSeconds(10)),
                    r -> r.acknowledgedAt().isPresent() || r.pages().stream().anyMatch(p -> p.layer() == Layer.SECONDARY), true);
            Optional<Page> secondary = record.pages().stream().filter(p -> p.layer() == Layer.SECONDARY).findFirst();
            if (secondary.isEmpty()) {
                throw new PhaseFailedException(record.acknowledgedAt().isPresent()
                        ? "acknowledged by " + record.acknowledgedBy().orElse("?") + " before the drill SLA of "
                        + Durations.format(options.drillSla()) + " expired: the escalation was not proven; acknowledge after the escalation"
                        : "nobody was paged on secondary after the drill SLA of " + Durations.format(options.drillSla())
                        + ": put someone on oncall.secondary");
            }
            return "not acknowledged within the drill SLA of " + Durations.format(options.drillSla()) + ": escalated to "
                    + secondary.get().person().name() + " (secondary) after "
                    + Seconds.text(Seconds.of(Duration.between(record.openedAt(), secondary.get().at())));
        });
    }

    private void acknowledge(PhaseRunner phases, IncidentEngine engine, String id) {
        phases.run("acknowledgement", "communication", () -> {
            IncidentRecord record;
            if (options.ackWithin().isPresent()) {
                progress.info("waiting up to " + Durations.format(options.ackWithin().get()) + " for: dr incident ack " + id);
                record = waitFor(engine, id, options.ackWithin().get(), r -> r.acknowledgedAt().isPresent(), false);
                if (record.acknowledgedAt().isEmpty()) {
                    throw new PhaseFailedException("nobody acknowledged incident " + id + " within "
                            + Durations.format(options.ackWithin().get()) + "; the on-call acknowledges with dr incident ack " + id);
                }
            } else {
                record = engine.acknowledge(id, "drill (automatic)");
            }
            Duration took = record.timeToAcknowledge().orElseThrow();
            return "acknowledged by " + record.acknowledgedBy().orElse("?") + " " + Seconds.text(Seconds.of(took))
                    + " after the page" + (options.ackWithin().isEmpty() ? " (automatically: no --ack-within given)" : "");
        });
    }

    private void executiveUpdate(PhaseRunner phases) {
        phases.run("executive update", "communication", () -> {
            Notice update = sent.stream().filter(n -> n.audience() == Audience.EXECUTIVES && n.action() == NoticeAction.TRIGGER)
                    .findFirst().orElseThrow(() -> new PhaseFailedException("no executive update was sent"));
            return "sent to executives (DRILL), next update " + update.message().nextUpdateText();
        });
    }

    private void customerEmail(PhaseRunner phases, IncidentEngine engine, String id) {
        phases.run("customer email", "communication", () -> {
            waitFor(engine, id, options.drillSla().plus(Duration.ofSeconds(10)), r -> r.customerEmailAt().isPresent(), true);
            Notice email = sent.stream().filter(n -> n.audience() == Audience.STAKEHOLDERS && n.action() == NoticeAction.TRIGGER)
                    .findFirst().orElseThrow(() -> new PhaseFailedException("no customer email was sent within the drill SLA"));
            if (!email.drill()) {
                throw new PhaseFailedException("the customer email was not marked as a drill");
            }
            return "sent to stakeholders (drill addresses) once the incident lasted more than " + Durations.format(options.drillSla());
        });
    }

    private void resolve(PhaseRunner phases, IncidentEngine engine, String id) {
        phases.always("resolve", "communication", () -> {
            IncidentRecord record = engine.resolve(id, "drill over: thank you", Map.of());
            return "resolved after " + Seconds.text(Seconds.of(Duration.between(record.openedAt(), record.resolvedAt().orElseThrow())))
                    + "; post-mortem draft " + IncidentStore.postMortemKey(id) + " (due " + record.postMortemDueAt().orElseThrow() + ")";
        });
    }

    private void webhooks(PhaseRunner phases, List<WebhookTarget> configured, List<Delivery> deliveries) {
        for (WebhookTarget target : configured) {
            List<Delivery> mine = deliveries.stream().filter(d -> d.name().equals(target.name())).toList();
            boolean unset = target.urlEnv() != null && !tools.env().containsKey(target.urlEnv());
            PhaseStatus status = !mine.isEmpty() && mine.stream().allMatch(Delivery::ok) ? PhaseStatus.PASSED : PhaseStatus.FAILED;
            List<String> failed = new ArrayList<>(mine.stream().filter(d -> !d.ok()).map(Delivery::detail).distinct().toList());
            String detail = unset ? "not posted: environment variable " + target.urlEnv() + " is not set"
                    : mine.isEmpty() ? "not posted"
                    : mine.stream().filter(Delivery::ok).count() + " of " + mine.size() + " notice(s) answered"
                    + (failed.isEmpty() ? "" : ": " + String.join("; ", failed));
            double slowest = mine.stream().mapToDouble(d -> d.took().toMillis() / 1000.0).max().orElse(0);
            phases.record(new PhaseResult("webhook " + target.name(), "communication", status, clock.instant(), slowest, detail));
        }
    }

    /** Ticks the engine until {@code done} holds or {@code within} passes; polls, because the ack may come from anywhere. */
    private IncidentRecord waitFor(IncidentEngine engine, String id, Duration within, java.util.function.Predicate<IncidentRecord> done,
            boolean tick) throws InterruptedException {
        Instant until = clock.instant().plus(within);
        while (true) {
            if (tick) {
                engine.tick();
            }
            IncidentRecord record = engine.find(id).orElseThrow();
            if (done.test(record) || !clock.instant().isBefore(until)) {
                return record;
            }
            Thread.sleep(CommunicationOptions.POLL.toMillis());
        }
    }
}
