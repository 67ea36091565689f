package org.drjenkins.engine.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@code targets:}, the recovery objectives per component, over the plan's defaults (the file wins). */
final class TargetsReader {

    static final String FIELD = "targets";
    private static final AllowedKeys KEYS = new AllowedKeys("rto", "rpo");

    private TargetsReader() {
    }

    /**
     * @param componentNames the names under {@code components:}, which targets may name besides the plan's objectives
     */
    static Map<String, Targets> read(JsonNode node, Set<String> componentNames, Problems problems) {
        Map<String, Targets> targets = Targets.planDefaults();
        if (Scalars.absent(node)) {
            return targets;
        }
        if (!node.isObject()) {
            problems.add(FIELD, "must be a mapping of component name to { rto, rpo }, not " + Scalars.kind(node));
            return targets;
        }
        // A target for a name nothing has would never be measured: most likely a misspelt component.
        Set<String> known = new LinkedHashSet<>(componentNames);
        known.addAll(Targets.planDefaults().keySet());
        for (Iterator<Map.Entry<String, JsonNode>> entries = node.fields(); entries.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String name = entry.getKey();
            String field = Problems.field(FIELD, name);
            if (!known.contains(name)) {
                problems.add(field, AllowedKeys.unknownKeyMessage(name, known)
                        + "; targets name a component or one of the plan's objectives");
                continue;
            }
            Targets fallback = targets.getOrDefault(name, Targets.OVERALL);
            readOne(entry.getValue(), field, fallback, problems).ifPresent(value -> targets.put(name, value));
        }
        return targets;
    }

    private static Optional<Targets> readOne(JsonNode node, String field, Targets fallback, Problems problems) {
        if (!node.isObject()) {
            problems.add(field, "must be a mapping like { rto: 15m, rpo: 5m }, not " + Scalars.kind(node));
            return Optional.empty();
        }
        int before = problems.count();
        KEYS.check(node, field, problems);
        Duration rto = fallback.rto();
        if (!Scalars.absent(node.get("rto"))) {
            // Nothing recovers in no time: a zero RTO could never be met and would fail every drill.
            rto = Scalars.positiveDuration(node.get("rto"), Problems.field(field, "rto"), problems, "15m").orElse(null);
        }
        Duration rpo = fallback.rpo();
        JsonNode rpoNode = node.get("rpo");
        if (!Scalars.absent(rpoNode)) {
            String rpoField = Problems.field(field, "rpo");
            rpo = Scalars.duration(rpoNode, rpoField, problems).orElse(null);
            if (rpo != null && rpo.isNegative()) {
                problems.add(rpoField, Scalars.show(rpoNode) + " is negative; use 0s (no data loss) or a positive "
                        + "duration such as 5m");
            }
        }
        return problems.count() == before ? Optional.of(new Targets(rto, rpo)) : Optional.empty();
    }
}
