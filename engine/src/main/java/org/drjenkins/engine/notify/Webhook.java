package org.drjenkins.engine.notify;

import java.net.URI;
import java.util.Objects;

/**
 * Where a notice goes. The URL is a secret (Slack's carries its token in the path): {@link #toString()} and
 * {@link #describe()} show only its scheme and host.
 *
 * @param url    the webhook URL, http or https
 * @param format SLACK posts {@code {"text": ...}} (Slack, Mattermost, Rocket.Chat, Teams workflows); JSON posts every field
 * @param name   a label for logs, e.g. {@code #incidents}
 */
public record Webhook(URI url, Format format, String name) {

    public enum Format {
        SLACK, JSON
    }

    public Webhook {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(format, "format");
        if (url.getScheme() == null || !(url.getScheme().equals("https") || url.getScheme().equals("http")) || url.getHost() == null) {
            throw new IllegalArgumentException("webhook " + name + " must be an http(s) URL with a host, got " + redact(url));
        }
        name = name == null || name.isBlank() ? url.getHost() : name;
    }

    /** {@code scheme://host[:port]}: enough to recognise the target, nothing that grants access. */
    public String redactedUrl() {
        return redact(url);
    }

    public String describe() {
        return name + " (" + redactedUrl() + ", " + format.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }

    @Override
    public String toString() {
        return "Webhook[" + describe() + "]";
    }

    static String redact(URI uri) {
        if (uri.getHost() == null) {
            return uri.getScheme() == null ? "(not a URL)" : uri.getScheme() + "://(no host)";
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
}
