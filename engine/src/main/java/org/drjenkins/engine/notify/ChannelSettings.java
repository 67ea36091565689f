package org.drjenkins.engine.notify;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The channels as dr.yaml configures them ({@code notifications:}), with every secret named by the environment
 * variable holding it, never by value. {@link NoticeChannels#resolve} turns them into channels.
 *
 * @param service   the service named in notices (and PagerDuty's {@code payload.source})
 * @param webhooks  chat and JSON webhooks, in file order
 * @param pagerDuty {@code null} when not configured
 * @param opsgenie  {@code null} when not configured
 * @param email     {@code null} when not configured
 */
public record ChannelSettings(String service, List<Hook> webhooks, PagerDuty pagerDuty, Opsgenie opsgenie, Email email) {

    public ChannelSettings {
        Objects.requireNonNull(service, "service");
        webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
    }

    /**
     * @param url       written in the file, or {@code null} when it comes from {@code urlEnv}
     * @param audiences who it is for; {@code incidents} when none are given
     */
    public record Hook(String name, URI url, String urlEnv, Webhook.Format format, Set<Audience> audiences) {
        public Hook {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(format, "format");
            audiences = audiences == null || audiences.isEmpty() ? Set.of(Audience.INCIDENTS) : Set.copyOf(audiences);
        }

        @Override
        public String toString() {
            return "Hook[" + name + " " + (url != null ? Webhook.redact(url) : "$" + urlEnv) + " " + audiences + "]";
        }
    }

    /** @param endpoint {@code null} for {@link PagerDutyChannel#DEFAULT_ENDPOINT} */
    public record PagerDuty(String routingKeyEnv, URI endpoint) {
        public PagerDuty {
            Objects.requireNonNull(routingKeyEnv, "routingKeyEnv");
        }
    }

    /** @param endpoint {@code null} for {@link OpsgenieChannel#DEFAULT_ENDPOINT} (EU accounts: https://api.eu.opsgenie.com) */
    public record Opsgenie(String apiKeyEnv, URI endpoint) {
        public Opsgenie {
            Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
        }
    }

    /**
     * @param username    written in the file, or {@code null}
     * @param usernameEnv the variable holding the user name, or {@code null}
     * @param passwordEnv the variable holding the password, or {@code null} for a server without authentication
     */
    public record Email(String host, int port, boolean starttls, String username, String usernameEnv, String passwordEnv, String from,
            List<String> stakeholders, List<String> executives) {
        public Email {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(from, "from");
            stakeholders = stakeholders == null ? List.of() : List.copyOf(stakeholders);
            executives = executives == null ? List.of() : List.copyOf(executives);
        }
    }
}
