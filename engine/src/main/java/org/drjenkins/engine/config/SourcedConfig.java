package org.drjenkins.engine.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A validated plan together with where each of its plan-wide values came from (the dr.yaml, a ConfigMap's data key,
 * or the plan's default), so {@code dr validate} can show which of two places to edit.
 *
 * @param config  the plan
 * @param origins setting ({@code regions}, {@code regions.eu-west-1.role}, {@code thresholds.failoverThreshold}) to its
 *                source
 */
public record SourcedConfig(DrConfig config, Map<String, String> origins) {

    static final String DEFAULT = "default (the DR plan)";

    public SourcedConfig {
        origins = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(origins));
    }

    /** Where {@code setting} came from; the plan's default when nothing set it. */
    public String origin(String setting) {
        return origins.getOrDefault(setting, DEFAULT);
    }

    /** Where the role of {@code regionName} came from. */
    public String roleOrigin(String regionName) {
        return origin(ConfigMapSource.roleSetting(regionName));
    }
}
