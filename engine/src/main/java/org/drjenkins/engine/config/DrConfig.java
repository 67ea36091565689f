package org.drjenkins.engine.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated disaster-recovery plan: the one model behind {@code dr.yaml} and the Jenkins configuration page.
 * Instances are only made by {@link ConfigLoader} (or tests), so every value here has passed validation.
 *
 * @param regions       in failover order; exactly one is the primary
 * @param thresholds    failover threshold, health-check interval, retention
 * @param targets       RTO/RPO per component name, the plan's defaults filled in
 * @param components    by name, in file order
 * @param ageRecipients public age keys ({@code age1…}) that encrypted components are encrypted to
 * @param notifications where incident notices go during failovers and drills
 * @param freshness     how long verifications and drills stay proof ({@code freshness:})
 * @param oncall        the on-call rotation ({@code oncall:}); null when none is configured
 * @param incidents     severities, response SLAs and the communication protocol's timings ({@code incidents:})
 */
public record DrConfig(List<Region> regions, Thresholds thresholds, Map<String, Targets> targets,
        Map<String, Component> components, List<String> ageRecipients, Notifications notifications,
        FreshnessSettings freshness, WatchSettings watch, org.drjenkins.engine.oncall.Rotation oncall,
        IncidentSettings incidents) {

    public DrConfig {
        watch = watch == null ? WatchSettings.defaults() : watch;
        regions = List.copyOf(regions);
        targets = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(targets));
        components = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(components));
        ageRecipients = List.copyOf(ageRecipients);
        notifications = notifications == null ? Notifications.none() : notifications;
        freshness = freshness == null ? FreshnessSettings.defaults() : freshness;
        incidents = incidents == null ? IncidentSettings.defaults() : incidents;
    }

    /** A plan without a rotation and with the plan's incident settings. */
    public DrConfig(List<Region> regions, Thresholds thresholds, Map<String, Targets> targets,
            Map<String, Component> components, List<String> ageRecipients, Notifications notifications,
            FreshnessSettings freshness, WatchSettings watch) {
        this(regions, thresholds, targets, components, ageRecipients, notifications, freshness, watch, null, null);
    }

    /** The on-call rotation, when one is configured. */
    public Optional<org.drjenkins.engine.oncall.Rotation> rotation() {
        return Optional.ofNullable(oncall);
    }

    /** A copy with this rotation (null: none) and these incident settings. */
    public DrConfig withIncidentResponse(org.drjenkins.engine.oncall.Rotation newOncall, IncidentSettings newIncidents) {
        return new DrConfig(regions, thresholds, targets, components, ageRecipients, notifications, freshness, watch, newOncall,
                newIncidents);
    }

    /** A plan whose watchers decide alone ({@link WatchSettings#defaults}). */
    public DrConfig(List<Region> regions, Thresholds thresholds, Map<String, Targets> targets,
            Map<String, Component> components, List<String> ageRecipients, Notifications notifications,
            FreshnessSettings freshness) {
        this(regions, thresholds, targets, components, ageRecipients, notifications, freshness, WatchSettings.defaults());
    }

    /** A plan with the default freshness. */
    public DrConfig(List<Region> regions, Thresholds thresholds, Map<String, Targets> targets,
            Map<String, Component> components, List<String> ageRecipients, Notifications notifications) {
        this(regions, thresholds, targets, components, ageRecipients, notifications, FreshnessSettings.defaults());
    }

    /** A plan without notifications. */
    public DrConfig(List<Region> regions, Thresholds thresholds, Map<String, Targets> targets,
            Map<String, Component> components, List<String> ageRecipients) {
        this(regions, thresholds, targets, components, ageRecipients, Notifications.none());
    }

    public Region primary() {
        return regions.stream().filter(Region::isPrimary).findFirst()
                .orElseThrow(() -> new IllegalStateException("a validated configuration has a primary region"));
    }

    public Optional<Region> region(String name) {
        return regions.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public Optional<Component> component(String name) {
        return Optional.ofNullable(components.get(name));
    }

    /**
     * A copy in which a jenkins-home component with {@code path: auto} (no path) backs up {@code home}: the plugin's
     * drBackup on the built-in node passes the controller's own JENKINS_HOME. Any other component is left as it is.
     */
    public DrConfig withControllerHome(String componentName, java.nio.file.Path home) {
        Component component = components.get(componentName);
        if (component == null || component.type() != ComponentType.JENKINS_HOME || component.path() != null || home == null) {
            return this;
        }
        java.util.Map<String, Component> replaced = new java.util.LinkedHashMap<>(components);
        replaced.put(componentName, component.withPath(home));
        return new DrConfig(regions, thresholds, targets, replaced, ageRecipients, notifications, freshness, watch, oncall, incidents);
    }

    /** A copy with {@code region} in place of the region of the same name (e.g. with a drill's shortened settings). */
    public DrConfig withRegion(Region region) {
        List<Region> replaced = regions.stream().map(r -> r.name().equals(region.name()) ? region : r).toList();
        return new DrConfig(replaced, thresholds, targets, components, ageRecipients, notifications, freshness, watch, oncall, incidents);
    }

    public DrConfig withThresholds(Thresholds newThresholds) {
        return new DrConfig(regions, newThresholds, targets, components, ageRecipients, notifications, freshness, watch, oncall, incidents);
    }

    /** The component's own targets, else the plan's overall objectives. */
    public Targets targetsFor(String componentName) {
        return targets.getOrDefault(componentName, Targets.OVERALL);
    }

    /** A copy whose recipients are these (from {@code DR_AGE_RECIPIENTS} or Jenkins credentials) plus the file's. */
    public DrConfig withExtraRecipients(List<String> extra) {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(ageRecipients);
        all.addAll(extra);
        return new DrConfig(regions, thresholds, targets, components, List.copyOf(all), notifications, freshness, watch, oncall, incidents);
    }
}
