package io.jenkins.plugins.dr.agent;

import io.jenkins.plugins.dr.evidence.Evidence;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What a task sends back to the controller.
 *
 * @param value    the step's return value for Groovy (a LinkedHashMap of strings, numbers, booleans and lists)
 * @param evidence what was measured, one entry per component, recorded on the build; empty when nothing was
 * @param failure  one line when the step must fail after recording the evidence (e.g. a backup that did not
 *                 verify), else null
 */
public record AgentResult(Map<String, Object> value, List<Evidence> evidence, String failure) implements Serializable {
    private static final long serialVersionUID = 1L;

    public AgentResult {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    public AgentResult(Map<String, Object> value, Evidence evidence, String failure) {
        this(value, evidence == null ? List.of() : List.of(evidence), failure);
    }
}
