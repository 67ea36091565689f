package org.drjenkins.engine.drill;

/**
 * The RTO and RPO a drill measured for one component, against its targets.
 *
 * @param component        database, dns, application, or a backed-up component's name
 * @param rtoSeconds       measured recovery time; {@code null} when it did not recover
 * @param rtoTargetSeconds its target
 * @param rpoSeconds       measured data loss; {@code null} when not measurable or not applicable
 * @param rpoTargetSeconds its target
 * @param rpoApplies       whether the component holds data whose loss is measured (DNS does not)
 * @param basis            how it was measured, one line
 */
public record ComponentResult(String component, Double rtoSeconds, double rtoTargetSeconds, Double rpoSeconds,
        double rpoTargetSeconds, boolean rpoApplies, String basis) {

    /** Recovered within the RTO target and, where data counts, lost no more than the RPO target. */
    public boolean compliant() {
        boolean rto = rtoSeconds != null && rtoSeconds <= rtoTargetSeconds;
        boolean rpo = !rpoApplies || (rpoSeconds != null && rpoSeconds <= rpoTargetSeconds);
        return rto && rpo;
    }
}
