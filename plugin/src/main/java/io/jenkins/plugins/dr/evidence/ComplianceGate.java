package io.jenkins.plugins.dr.evidence;

import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.compliance.Verdict;

/**
 * drCompliance's {@code failOn}: which evaluated components are at the given verdict or worse (the engine's order of
 * verdicts), and whether the build fails (one of them is VIOLATED) or is only marked UNSTABLE. Here rather than in
 * the step, which keeps to Jenkins types and leaves the engine's to the evidence and the agent.
 *
 * @param fail  a reached component is VIOLATED
 * @param named the reached components with their verdicts, e.g. {@code archive VIOLATED, database AT_RISK}
 */
public record ComplianceGate(boolean fail, String named) {

    /** The verdicts {@code failOn} accepts, from the mildest. */
    public static final List<String> FAIL_ON = List.of(Verdict.AT_RISK.name(), Verdict.STALE.name(), Verdict.VIOLATED.name());

    /** Empty when no component reached {@code failOn} (one of {@link #FAIL_ON}). */
    public static Optional<ComplianceGate> judge(List<Evidence> evaluated, String failOn) {
        Verdict threshold = Verdict.valueOf(failOn);
        List<Evidence> reached = evaluated.stream().filter(e -> e.verdict().worse(threshold) == e.verdict()).toList();
        if (reached.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ComplianceGate(reached.stream().anyMatch(e -> e.verdict() == Verdict.VIOLATED),
                String.join(", ", reached.stream().map(e -> e.component() + " " + e.verdict().name()).toList())));
    }
}
