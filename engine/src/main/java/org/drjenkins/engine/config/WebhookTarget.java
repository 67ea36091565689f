package org.drjenkins.engine.config;

import java.net.URI;
import java.util.Objects;
import java.util.Set;
import org.drjenkins.engine.notify.Audience;
import org.drjenkins.engine.notify.Webhook;

/**
 * One configured webhook. Its URL usually carries a token (Slack's does, in the path), so it may come from an
 * environment variable instead of the file; {@link #toString()} shows only scheme and host.
 *
 * @param name   a label for logs and reports
 * @param url    the URL written in the file, or {@code null} when it comes from {@code urlEnv}
 * @param urlEnv the environment variable holding the URL, or {@code null}
 * @param format    slack ({@code {"text": ...}}) or json (every field)
 * @param audiences who its notices are for (per-channel routing); {@code incidents} when none are given
 */
public record WebhookTarget(String name, URI url, String urlEnv, Webhook.Format format, Set<Audience> audiences) {

    public WebhookTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(format, "format");
        if ((url == null) == (urlEnv == null)) {
            throw new IllegalArgumentException("webhook " + name + " needs exactly one of url and urlEnv");
        }
        audiences = audiences == null || audiences.isEmpty() ? Set.of(Audience.INCIDENTS) : Set.copyOf(audiences);
    }

    /** For the incidents channel. */
    public WebhookTarget(String name, URI url, String urlEnv, Webhook.Format format) {
        this(name, url, urlEnv, format, null);
    }

    /** Where the URL comes from, without any part of it that grants access. */
    public String source() {
        return url != null ? url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                : "$" + urlEnv;
    }

    @Override
    public String toString() {
        return "WebhookTarget[" + name + " " + source() + " " + format.name().toLowerCase(java.util.Locale.ROOT) + " " + audiences + "]";
    }
}
