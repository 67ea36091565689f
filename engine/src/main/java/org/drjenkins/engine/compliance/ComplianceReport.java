package org.drjenkins.engine.compliance;

import java.time.Instant;
import java.util.List;

/** Every component's standing at one moment; the overall verdict is the worst one. */
public record ComplianceReport(Instant at, List<ComponentCompliance> components) {

    public Verdict overall() {
        return components.stream().map(ComponentCompliance::verdict).reduce(Verdict.COMPLIANT, Verdict::worse);
    }

    public boolean allCompliant() {
        return !components.isEmpty() && components.stream().allMatch(c -> c.verdict() == Verdict.COMPLIANT);
    }
}
