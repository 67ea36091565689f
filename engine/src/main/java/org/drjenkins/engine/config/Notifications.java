package org.drjenkins.engine.config;

import java.util.List;

/**
 * Where incident notices go (the plan's communication protocol).
 *
 * @param service  the service named in every notice title, {@code [INCIDENT] service - description}
 * @param webhooks in file order
 */
public record Notifications(String service, List<WebhookTarget> webhooks) {

    public static final String DEFAULT_SERVICE = "Jenkins";

    public Notifications {
        service = service == null || service.isBlank() ? DEFAULT_SERVICE : service.strip();
        webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
    }

    public static Notifications none() {
        return new Notifications(DEFAULT_SERVICE, List.of());
    }
}
