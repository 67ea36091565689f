package org.drjenkins.engine.drill;

import java.time.Duration;
import java.util.Optional;
import org.drjenkins.engine.notify.NoticeSink;

/**
 * How the communication drill runs.
 *
 * @param drillSla  the drill's shortened response SLA: nobody acknowledging within it proves the escalation reaches
 *                  the next layer, and the customer email goes out after it (the plan's 15 min and 5 min would make
 *                  the drill last half an hour)
 * @param ackWithin how long to wait for a person to acknowledge ({@code dr incident ack ID}) after the escalation;
 *                  empty: the drill acknowledges itself (unattended runs), and says so
 * @param sink      where notices go; empty: the configured webhooks. Channels mark them as DRILL and send email to
 *                  drill addresses only
 */
public record CommunicationOptions(Duration drillSla, Optional<Duration> ackWithin, Optional<NoticeSink> sink) {

    public static final Duration DEFAULT_DRILL_SLA = Duration.ofSeconds(30);
    /** How often the drill looks for the escalation and the acknowledgement while it waits. */
    static final Duration POLL = Duration.ofMillis(200);

    public CommunicationOptions {
        drillSla = drillSla == null ? DEFAULT_DRILL_SLA : drillSla;
        if (drillSla.isNegative() || drillSla.isZero()) {
            throw new IllegalArgumentException("the drill's SLA must be positive, got " + drillSla);
        }
        ackWithin = ackWithin == null ? Optional.empty() : ackWithin;
        sink = sink == null ? Optional.empty() : sink;
    }

    public static CommunicationOptions defaults() {
        return new CommunicationOptions(DEFAULT_DRILL_SLA, Optional.empty(), Optional.empty());
    }

    public CommunicationOptions drillSla(Duration sla) {
        return new CommunicationOptions(sla, ackWithin, sink);
    }

    public CommunicationOptions ackWithin(Duration wait) {
        return new CommunicationOptions(drillSla, Optional.of(wait), sink);
    }

    public CommunicationOptions sink(NoticeSink newSink) {
        return new CommunicationOptions(drillSla, ackWithin, Optional.of(newSink));
    }
}
