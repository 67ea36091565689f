package io.jenkins.plugins.dr.agent;

import io.jenkins.plugins.dr.evidence.Evidence;
import java.io.Serializable;
import java.util.Map;

/**
 * What a task sends back to the controller.
 *
 * @param value    the step's return value for Groovy (a LinkedHashMap of strings, numbers, booleans and lists)
 * @param evidence what was measured, recorded on the build; null when nothing was
 * @param failure  one line when the step must fail after recording the evidence (e.g. a backup that did not
 *                 verify), else null
 */
public record AgentResult(Map<String, Object> value, Evidence evidence, String failure) implements Serializable {
    private static final long serialVersionUID = 1L;
}
