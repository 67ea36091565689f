package io.jenkins.plugins.dr.config;

/**
 * The incident response part of the plan as the form holds it: the rotation's text ({@code oncall:}), the incident
 * settings ({@code incidents:}) and the paging and email channels ({@code notifications.pagerduty/opsgenie/email}).
 * Each part is {@code null} when not configured. The channels carry credentials ids, which never reach dr.yaml.
 */
public record IncidentResponseForm(String oncall, IncidentEntry incidents, PagerDutyEntry pagerDuty,
        OpsgenieEntry opsgenie, EmailEntry email) {

    public static IncidentResponseForm none() {
        return new IncidentResponseForm(null, null, null, null, null);
    }
}
