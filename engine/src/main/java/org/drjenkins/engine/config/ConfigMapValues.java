package org.drjenkins.engine.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a Kubernetes ConfigMap contributes to the plan, already converted from the plan's units (minutes, seconds,
 * days) and checked value by value.
 *
 * @param label      the ConfigMap's name for messages and provenance, e.g.
 *                   {@code ConfigMap production/disaster-recovery-config (k8s/dr.yaml)}
 * @param roles      region name to its role, in primary, secondary, tertiary order
 * @param thresholds dr.yaml threshold key ({@code failoverThreshold}) to its value
 * @param dataKeys   dr.yaml setting ({@code thresholds.failoverThreshold}, {@code role of eu-west-1}) to the ConfigMap
 *                   data key that gave it, so each message and origin can name the key the user wrote
 */
record ConfigMapValues(String label, Map<String, Role> roles, Map<String, Duration> thresholds,
        Map<String, String> dataKeys) {

    ConfigMapValues {
        roles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(roles));
        thresholds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(thresholds));
        dataKeys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dataKeys));
    }

    /** {@code ConfigMap ns/name (file) data.key}. */
    String origin(String dataKey) {
        return label + " data." + dataKey;
    }
}
