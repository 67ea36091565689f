package org.drjenkins.engine.notify;

/**
 * What became of one notice on one channel, for reports and drills.
 *
 * @param incidentId the notice's incident
 * @param action     trigger, acknowledge or resolve
 * @param audience   who it was for
 * @param drill      sent by a drill
 * @param channel    the channel's name
 * @param delivery   the last attempt's outcome (its {@code took} spans all attempts)
 * @param attempts   how many attempts were made (1 when the first one settled it)
 */
public record NoticeDelivery(String incidentId, NoticeAction action, Audience audience, boolean drill, String channel,
        Delivery delivery, int attempts) {

    public boolean ok() {
        return delivery.ok();
    }

    /** One line for logs: never a secret, since deliveries hold none. */
    public String line() {
        return action.name().toLowerCase(java.util.Locale.ROOT) + " " + incidentId + " to " + channel + " ("
                + audience.name().toLowerCase(java.util.Locale.ROOT) + (drill ? ", drill" : "") + "): "
                + (delivery.ok() ? "delivered" : "FAILED") + " after " + attempts + " attempt" + (attempts == 1 ? "" : "s")
                + " (" + delivery.detail() + ", " + delivery.took().toMillis() + " ms)";
    }
}
