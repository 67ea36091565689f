package org.drjenkins.engine.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Recovery objectives of one component: how long a recovery may take (RTO) and how much data it may lose (RPO). */
public record Targets(Duration rto, Duration rpo) {

    /** The plan's overall objectives (RTO &lt; 1 h, RPO &lt; 15 min), used for components it names no target for. */
    public static final Targets OVERALL = new Targets(Duration.ofHours(1), Duration.ofMinutes(15));

    /** The per-component targets of the DR plan. */
    public static Map<String, Targets> planDefaults() {
        Map<String, Targets> defaults = new LinkedHashMap<>();
        defaults.put("database", new Targets(Duration.ofMinutes(15), Duration.ofMinutes(5)));
        defaults.put("application", new Targets(Duration.ofMinutes(10), Duration.ofMinutes(1)));
        defaults.put("configuration", new Targets(Duration.ofMinutes(5), Duration.ZERO));
        defaults.put("dns", new Targets(Duration.ofMinutes(1), Duration.ZERO));
        defaults.put("static-assets", new Targets(Duration.ofSeconds(30), Duration.ZERO));
        return defaults;
    }
}
