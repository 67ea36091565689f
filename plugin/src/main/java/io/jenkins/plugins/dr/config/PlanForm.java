package io.jenkins.plugins.dr.config;

import java.util.List;

/**
 * The part of the global configuration that is the dr.yaml plan, as the form holds it (text as typed). Credentials
 * ids stay out: dr.yaml never holds a secret or a reference to one. Webhooks are in, but only by name and format:
 * their URLs reach the engine as environment variables ({@link DrYaml#webhookVariable}) resolved from credentials.
 * So do the paging and email channels of the incident response, whose secrets become the variables of
 * {@link io.jenkins.plugins.dr.credentials.ChannelSecrets}.
 */
public record PlanForm(List<RegionEntry> regions, String failoverThreshold, String healthCheckInterval,
        String backupRetention, List<TargetEntry> targets, List<ComponentEntry> components, List<String> ageRecipients,
        String notificationService, List<WebhookEntry> webhooks, IncidentResponseForm incidentResponse) {

    public PlanForm {
        incidentResponse = incidentResponse == null ? IncidentResponseForm.none() : incidentResponse;
        regions = regions == null ? List.of() : List.copyOf(regions);
        targets = targets == null ? List.of() : List.copyOf(targets);
        components = components == null ? List.of() : List.copyOf(components);
        ageRecipients = ageRecipients == null ? List.of() : List.copyOf(ageRecipients);
        webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
    }

    /** A plan without the incident response. */
    public PlanForm(List<RegionEntry> regions, String failoverThreshold, String healthCheckInterval,
            String backupRetention, List<TargetEntry> targets, List<ComponentEntry> components, List<String> ageRecipients,
            String notificationService, List<WebhookEntry> webhooks) {
        this(regions, failoverThreshold, healthCheckInterval, backupRetention, targets, components, ageRecipients,
                notificationService, webhooks, IncidentResponseForm.none());
    }

    /** A plan without notifications. */
    public PlanForm(List<RegionEntry> regions, String failoverThreshold, String healthCheckInterval,
            String backupRetention, List<TargetEntry> targets, List<ComponentEntry> components,
            List<String> ageRecipients) {
        this(regions, failoverThreshold, healthCheckInterval, backupRetention, targets, components, ageRecipients, null,
                List.of());
    }

    public static PlanForm empty() {
        return new PlanForm(List.of(), null, null, null, List.of(), List.of(), List.of());
    }
}
