package org.drjenkins.engine.failover;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.drjenkins.engine.notify.IncidentMessage;
import org.drjenkins.engine.notify.IncidentStatus;

/** One incident's notices: the first one, then the same incident with each new status, as the plan's template says. */
public final class Incident {

    /** The plan's executive updates come every 15 minutes. */
    static final Duration UPDATE_EVERY = Duration.ofMinutes(15);

    private final IncidentNotifier notifier;
    private final Clock clock;
    private IncidentMessage current;

    private Incident(IncidentNotifier notifier, Clock clock, IncidentMessage first) {
        this.notifier = notifier;
        this.clock = clock;
        this.current = first;
    }

    /** Posts the first notice, INVESTIGATING. */
    public static Incident open(IncidentNotifier notifier, Clock clock, Instant started, String description, String impact,
            List<String> details) {
        IncidentMessage first = new IncidentMessage(notifier.service(), description, started, IncidentStatus.INVESTIGATING,
                impact, clock.instant().plus(UPDATE_EVERY), details);
        notifier.post(first);
        return new Incident(notifier, clock, first);
    }

    /** Posts the incident with a new status; a resolved incident announces no next update. */
    public void update(IncidentStatus status, List<String> details) {
        Instant next = status == IncidentStatus.RESOLVED ? null : clock.instant().plus(UPDATE_EVERY);
        current = current.update(status, next, details);
        notifier.post(current);
    }

    public IncidentMessage current() {
        return current;
    }
}
