package org.drjenkins.engine.compliance;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.config.Targets;

/**
 * One component's measured evidence against its targets.
 *
 * @param component          the component
 * @param targets            its RTO/RPO targets
 * @param rpoSeconds         now − the recovery point of the newest proven backup (else the newest backup)
 * @param rpoBasis           "verified backup &lt;id&gt;" or "UNVERIFIED backup &lt;id&gt;", so a fallback is never mistaken for proof
 * @param recoveryPoint      that backup's consistent point
 * @param rtoSeconds         the last measured restore time
 * @param rtoMeasuredAt      when it was measured
 * @param rtoForecastSeconds restore time expected for the newest backup from past restore throughput
 * @param verdict            the standing
 * @param reasons            why, one line each
 */
public record ComponentCompliance(String component, Targets targets, Optional<Double> rpoSeconds, String rpoBasis,
        Optional<Instant> recoveryPoint, Optional<Double> rtoSeconds, Optional<Instant> rtoMeasuredAt,
        Optional<Double> rtoForecastSeconds, Verdict verdict, List<String> reasons) {
}
