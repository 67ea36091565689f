package org.drjenkins.engine.incident;

import java.time.Duration;
import java.util.Map;
import org.drjenkins.engine.config.Notifications;
import org.drjenkins.engine.failover.IncidentNotifier;
import org.drjenkins.engine.notify.Notice;
import org.drjenkins.engine.notify.NoticeDispatcher;
import org.drjenkins.engine.notify.NoticeSink;
import org.drjenkins.engine.progress.Progress;

/**
 * Where the incident engine's notices go for a plan: to the channels per audience ({@link NoticeDispatcher}: PagerDuty,
 * Opsgenie, email, webhooks by their {@code audiences}) when the plan configures a pager or email, else, as before those
 * existed, every notice to every webhook ({@link WebhookNoticeSink}), so a plan with webhooks only still hears pages
 * and escalations in its chat.
 */
public final class ConfiguredNotices implements NoticeSink, AutoCloseable {

    /** How long {@link #close} lets queued notices go out; a failover has long finished by then. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(11);

    private final NoticeSink sink;
    private final Runnable closer;

    private ConfiguredNotices(NoticeSink sink, Runnable closer) {
        this.sink = sink;
        this.closer = closer;
    }

    public static ConfiguredNotices forPlan(Notifications notifications, Map<String, String> env, Progress progress) {
        if (routedByAudience(notifications)) {
            NoticeDispatcher dispatcher = NoticeDispatcher.create(notifications.channels(), env, progress);
            return new ConfiguredNotices(dispatcher, () -> dispatcher.close(CLOSE_GRACE));
        }
        IncidentNotifier notifier = IncidentNotifier.fromConfig(notifications, env, progress);
        return new ConfiguredNotices(new WebhookNoticeSink(notifier, progress::info), notifier::close);
    }

    /** A pager or email configured: the plan says who hears what, so notices follow their audience. */
    public static boolean routedByAudience(Notifications notifications) {
        return notifications.pagerDuty() != null || notifications.opsgenie() != null || notifications.email() != null;
    }

    @Override
    public void send(Notice notice) {
        sink.send(notice);
    }

    @Override
    public void close() {
        closer.run();
    }
}
