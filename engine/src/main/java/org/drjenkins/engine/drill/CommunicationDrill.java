package org.drjenkins.engine.drill;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.WebhookTarget;
import org.drjenkins.engine.failover.IncidentNotifier;
import org.drjenkins.engine.notify.Delivery;
import org.drjenkins.engine.notify.IncidentMessage;
import org.drjenkins.engine.notify.IncidentStatus;
import org.drjenkins.engine.notify.Webhook;
import org.drjenkins.engine.notify.WebhookNotifier;
import org.drjenkins.engine.progress.Progress;

/**
 * The communication drill (the plan's Q3): the incident template, marked as a drill, posted to every configured
 * webhook; each must answer. Then the same incident, resolved.
 */
final class CommunicationDrill {

    private final DrConfig config;
    private final DrillTools tools;
    private final Clock clock;
    private final Progress progress;
    private final String drillId;

    CommunicationDrill(DrConfig config, DrillTools tools, Clock clock, Progress progress, String drillId) {
        this.config = config;
        this.tools = tools;
        this.clock = clock;
        this.progress = progress;
        this.drillId = drillId;
    }

    void run(PhaseRunner phases) {
        List<WebhookTarget> configured = config.notifications().webhooks();
        List<Webhook> reachable = IncidentNotifier.resolve(config.notifications(), tools.env(), progress);
        IncidentNotifier notifier = new IncidentNotifier(reachable, config.notifications().service(),
                WebhookNotifier.DEFAULT_TIMEOUT, progress);
        Instant started = clock.instant();
        IncidentMessage message = new IncidentMessage(config.notifications().service(), "DR drill " + drillId
                + ": communication and escalation test, no action needed", started, IncidentStatus.INVESTIGATING,
                "none: this is a drill", started.plusSeconds(15 * 60), List.of("reply in the incident channel to confirm "
                + "you received it", "sent by dr drill --scenario communication"));
        AtomicReference<List<Delivery>> deliveries = new AtomicReference<>(List.of());
        boolean posted = phases.run("notify", "communication", () -> {
            if (configured.isEmpty()) {
                throw new PhaseFailedException("no webhooks configured: add notifications: { webhooks: [ ... ] } to dr.yaml");
            }
            deliveries.set(notifier.postAndWait(message));
            long ok = deliveries.get().stream().filter(Delivery::ok).count();
            return "posted the incident template to " + reachable.size() + " of " + configured.size() + " webhook(s); "
                    + ok + " answered";
        });
        if (!posted && configured.isEmpty()) {
            return;
        }
        for (WebhookTarget target : configured) {
            Optional<Delivery> delivery = deliveries.get().stream().filter(d -> d.name().equals(target.name())).findFirst();
            PhaseStatus status = delivery.map(d -> d.ok() ? PhaseStatus.PASSED : PhaseStatus.FAILED)
                    .orElse(posted ? PhaseStatus.FAILED : PhaseStatus.SKIPPED);
            String detail = delivery.map(d -> d.detail() + " in " + d.took().toMillis() + " ms")
                    .orElse(target.urlEnv() != null && !tools.env().containsKey(target.urlEnv())
                            ? "not posted: environment variable " + target.urlEnv() + " is not set"
                            : "not posted");
            phases.record(new PhaseResult("webhook " + target.name(), "communication", status, started,
                    delivery.map(d -> d.took().toMillis() / 1000.0).orElse(0.0), detail));
        }
        phases.run("resolve", "communication", () -> {
            List<Delivery> resolved = notifier.postAndWait(message.update(IncidentStatus.RESOLVED, null,
                    List.of("drill over: thank you")));
            if (resolved.stream().anyMatch(d -> !d.ok())) {
                throw new PhaseFailedException("the resolved notice did not reach every webhook: " + resolved.stream()
                        .filter(d -> !d.ok()).map(d -> d.name() + " (" + d.detail() + ")").toList());
            }
            return "posted the RESOLVED notice to " + resolved.size() + " webhook(s)";
        });
        notifier.close();
    }
}
