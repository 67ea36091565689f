package org.drjenkins.engine.config;

import java.util.Arrays;
import java.util.Optional;
import org.drjenkins.engine.notify.Severity;

/**
 * What can open an incident, each with the plan's default severity (configurable under
 * {@code incidents.severities}).
 */
public enum IncidentEvent {
    /** The primary database failed every check for the detection threshold ("connection timeout > 30 seconds"). */
    PRIMARY_UNREACHABLE("primaryUnreachable", Severity.CRITICAL),
    FAILOVER_STARTED("failoverStarted", Severity.CRITICAL),
    FAILOVER_FINISHED("failoverFinished", Severity.CRITICAL),
    BACKUP_FAILED("backupFailed", Severity.HIGH),
    VERIFICATION_FAILED("verificationFailed", Severity.HIGH),
    VERDICT_VIOLATED("verdictViolated", Severity.HIGH),
    VERDICT_STALE("verdictStale", Severity.HIGH),
    DRILL_FAILED("drillFailed", Severity.MEDIUM),
    VERDICT_AT_RISK("verdictAtRisk", Severity.MEDIUM),
    /** Opened by hand ({@code dr incident open}); its severity is given there, this is the default. */
    MANUAL("manual", Severity.HIGH);

    private final String yamlName;
    private final Severity planSeverity;

    IncidentEvent(String yamlName, Severity planSeverity) {
        this.yamlName = yamlName;
        this.planSeverity = planSeverity;
    }

    public String yamlName() {
        return yamlName;
    }

    /** The plan's severity for this event. */
    public Severity planSeverity() {
        return planSeverity;
    }

    public static Optional<IncidentEvent> fromYaml(String text) {
        return Arrays.stream(values()).filter(e -> e.yamlName.equalsIgnoreCase(text == null ? "" : text.strip())).findFirst();
    }

    public static String allowed() {
        return String.join(", ", Arrays.stream(values()).map(IncidentEvent::yamlName).toList());
    }
}
