package org.drjenkins.engine.notify;

import java.util.Locale;

/**
 * The plan's incident severities, each with its response rule (see the incident response section of the DR plan):
 * Critical pages primary and secondary at once and escalates immediately; High pages the primary and escalates after
 * 15 minutes without acknowledgement; Medium notifies the primary and escalates after an hour. {@link #INFO} is for
 * notices that page nobody (a resolved incident, a drill's summary).
 */
public enum Severity {
    CRITICAL("critical"),
    HIGH("error"),
    MEDIUM("warning"),
    INFO("info");

    private final String pagerDuty;

    Severity(String pagerDuty) {
        this.pagerDuty = pagerDuty;
    }

    /** The value PagerDuty's Events API v2 accepts in {@code payload.severity}. */
    public String pagerDutySeverity() {
        return pagerDuty;
    }

    /** The name as written in dr.yaml ({@code critical}, {@code high}, ...). */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
