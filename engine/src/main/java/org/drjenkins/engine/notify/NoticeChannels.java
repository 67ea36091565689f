package org.drjenkins.engine.notify;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.drjenkins.engine.progress.Progress;

/**
 * Builds the configured channels, reading each secret from the environment variable dr.yaml names. A channel whose
 * variable is not set is reported (by the variable's name, never a value) and left out: a missing key must not stop a
 * failover, and the communication drill shows the gap.
 */
public final class NoticeChannels {

    private NoticeChannels() {
    }

    public static List<NoticeChannel> resolve(ChannelSettings settings, Map<String, String> env, Duration timeout, Progress progress) {
        List<NoticeChannel> channels = new ArrayList<>();
        for (ChannelSettings.Hook hook : settings.webhooks()) {
            webhook(hook, env, progress).ifPresent(webhook -> channels.add(new WebhookChannel(webhook, hook.audiences(), timeout)));
        }
        ChannelSettings.PagerDuty pagerDuty = settings.pagerDuty();
        if (pagerDuty != null) {
            String key = value(env, pagerDuty.routingKeyEnv());
            if (key == null) {
                progress.info("pagerduty: environment variable " + pagerDuty.routingKeyEnv() + " is not set; nobody is paged through PagerDuty");
            } else {
                channels.add(new PagerDutyChannel("pagerduty", pagerDuty.endpoint(), key, settings.service(), null, timeout, Clock.systemUTC()));
            }
        }
        ChannelSettings.Opsgenie opsgenie = settings.opsgenie();
        if (opsgenie != null) {
            String key = value(env, opsgenie.apiKeyEnv());
            if (key == null) {
                progress.info("opsgenie: environment variable " + opsgenie.apiKeyEnv() + " is not set; nobody is paged through Opsgenie");
            } else {
                channels.add(new OpsgenieChannel("opsgenie", opsgenie.endpoint(), key, settings.service(), null, timeout));
            }
        }
        ChannelSettings.Email email = settings.email();
        if (email != null) {
            email(email, env, progress).ifPresent(smtp -> channels.add(new EmailChannel("email", smtp, timeout)));
        }
        return channels;
    }

    private static java.util.Optional<Webhook> webhook(ChannelSettings.Hook hook, Map<String, String> env, Progress progress) {
        URI url = hook.url();
        if (url == null) {
            String value = value(env, hook.urlEnv());
            if (value == null) {
                progress.info("webhook " + hook.name() + ": environment variable " + hook.urlEnv() + " is not set; its notices are skipped");
                return java.util.Optional.empty();
            }
            try {
                url = URI.create(value);
            } catch (IllegalArgumentException e) {
                progress.info("webhook " + hook.name() + ": " + hook.urlEnv() + " is not a URL; its notices are skipped");
                return java.util.Optional.empty();
            }
        }
        try {
            return java.util.Optional.of(new Webhook(url, hook.format(), hook.name()));
        } catch (IllegalArgumentException e) {
            progress.info("webhook " + hook.name() + ": " + e.getMessage() + "; its notices are skipped");
            return java.util.Optional.empty();
        }
    }

    private static java.util.Optional<EmailChannel.Smtp> email(ChannelSettings.Email email, Map<String, String> env, Progress progress) {
        String username = email.username();
        if (username == null && email.usernameEnv() != null) {
            username = value(env, email.usernameEnv());
            if (username == null) {
                progress.info("email: environment variable " + email.usernameEnv() + " is not set; no email is sent");
                return java.util.Optional.empty();
            }
        }
        String password = null;
        if (email.passwordEnv() != null) {
            password = value(env, email.passwordEnv());
            if (password == null) {
                progress.info("email: environment variable " + email.passwordEnv() + " is not set; no email is sent");
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(new EmailChannel.Smtp(email.host(), email.port(), email.starttls(), username, password, email.from(),
                email.stakeholders(), email.executives()));
    }

    private static String value(Map<String, String> env, String name) {
        String value = name == null ? null : env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
