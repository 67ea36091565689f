package org.drjenkins.engine.notify;

/**
 * What a notice does to the incident it belongs to, in PagerDuty's terms (Events API v2 {@code event_action}): a
 * channel without such a life cycle (chat, email) just posts the message for each.
 */
public enum NoticeAction {
    TRIGGER,
    ACKNOWLEDGE,
    RESOLVE
}
