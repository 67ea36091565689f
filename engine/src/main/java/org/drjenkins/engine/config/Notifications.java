package org.drjenkins.engine.config;

import java.util.List;
import org.drjenkins.engine.notify.ChannelSettings;

/**
 * Where incident notices go (the plan's communication protocol).
 *
 * @param service   the service named in every notice title, {@code [INCIDENT] service - description}
 * @param webhooks  in file order
 * @param pagerDuty PagerDuty Events API v2, or {@code null}
 * @param opsgenie  Opsgenie's Alert API, or {@code null}
 * @param email     SMTP, or {@code null}
 */
public record Notifications(String service, List<WebhookTarget> webhooks, ChannelSettings.PagerDuty pagerDuty,
        ChannelSettings.Opsgenie opsgenie, ChannelSettings.Email email) {

    public static final String DEFAULT_SERVICE = "Jenkins";

    public Notifications {
        service = service == null || service.isBlank() ? DEFAULT_SERVICE : service.strip();
        webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
    }

    /** Webhooks only. */
    public Notifications(String service, List<WebhookTarget> webhooks) {
        this(service, webhooks, null, null, null);
    }

    public static Notifications none() {
        return new Notifications(DEFAULT_SERVICE, List.of());
    }

    /** Every configured channel, for {@code NoticeDispatcher.create(notifications.channels(), env, progress)}. */
    public ChannelSettings channels() {
        return new ChannelSettings(service, webhooks.stream()
                .map(w -> new ChannelSettings.Hook(w.name(), w.url(), w.urlEnv(), w.format(), w.audiences())).toList(),
                pagerDuty, opsgenie, email);
    }
}
