package org.drjenkins.engine.incident;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.drjenkins.engine.failover.IncidentNotifier;
import org.drjenkins.engine.notify.Contact;
import org.drjenkins.engine.notify.Notice;
import org.drjenkins.engine.notify.NoticeSink;

/**
 * The notices over what exists today, the {@code notifications.webhooks} of dr.yaml: every notice's template, with a
 * line saying who it is for, posted to every webhook (queued; returns at once), and one line to {@code log}. The
 * channels per audience (PagerDuty, Opsgenie, Slack routing, email) replace it where configured.
 */
public final class WebhookNoticeSink implements NoticeSink {

    private final IncidentNotifier notifier;
    private final Consumer<String> log;

    public WebhookNoticeSink(IncidentNotifier notifier, Consumer<String> log) {
        this.notifier = notifier;
        this.log = log;
    }

    @Override
    public void send(Notice notice) {
        String audience = notice.audience().name().toLowerCase(Locale.ROOT).replace('_', '-');
        String to = notice.to().isEmpty() ? "" : " to " + String.join(", ", notice.to().stream().map(Contact::name).toList());
        String kind = notice.facts().getOrDefault(IncidentEngine.KIND, notice.action().name().toLowerCase(Locale.ROOT));
        log.accept((notice.drill() ? "DRILL " : "") + notice.severity().yamlName() + " " + kind + " for " + audience + to
                + ": " + notice.message().title() + " [" + notice.message().status() + "]");
        List<String> details = new ArrayList<>(notice.message().details());
        details.add((notice.drill() ? "DRILL, " : "") + notice.severity().yamlName() + ", for " + audience + to + ", incident " + notice.incidentId());
        notifier.post(notice.message().update(notice.message().status(), notice.message().nextUpdate(), details));
    }
}
