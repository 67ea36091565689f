package io.jenkins.plugins.dr.config;

import java.util.List;

/**
 * The part of the global configuration that is the dr.yaml plan, as the form holds it (text as typed). What is
 * not plan — credentials ids, webhooks — stays out: dr.yaml never holds a secret or a reference to one.
 */
public record PlanForm(List<RegionEntry> regions, String failoverThreshold, String healthCheckInterval,
        String backupRetention, List<TargetEntry> targets, List<ComponentEntry> components, List<String> ageRecipients) {

    public PlanForm {
        regions = regions == null ? List.of() : List.copyOf(regions);
        targets = targets == null ? List.of() : List.copyOf(targets);
        components = components == null ? List.of() : List.copyOf(components);
        ageRecipients = ageRecipients == null ? List.of() : List.copyOf(ageRecipients);
    }

    public static PlanForm empty() {
        return new PlanForm(List.of(), null, null, null, List.of(), List.of(), List.of());
    }
}
