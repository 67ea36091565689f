package org.drjenkins.engine.report;

import java.time.Duration;
import java.util.Optional;
import org.drjenkins.engine.config.Durations;
import org.drjenkins.engine.config.Targets;

/** The one way a measured figure is shown against its target: {@code RPO 3m12s / 5m · RTO 8m40s / 15m}. */
public final class EvidenceFormat {

    private EvidenceFormat() {
    }

    public static String seconds(double seconds) {
        return Durations.format(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    public static String measuredVsTarget(Optional<Double> measured, Duration target) {
        return measured.map(EvidenceFormat::seconds).orElse("n/a") + " / " + Durations.format(target);
    }

    public static String tooltip(Optional<Double> rpoSeconds, Optional<Double> rtoSeconds, Targets targets) {
        return "RPO " + measuredVsTarget(rpoSeconds, targets.rpo()) + " · RTO " + measuredVsTarget(rtoSeconds, targets.rto());
    }
}
