package org.drjenkins.engine.util;

import java.io.Serializable;

/**
 * A parameter of an engine request, named neutrally: the engine says which parameter a problem is about, and each
 * front end spells it its own way (the CLI {@code --component}, a pipeline step {@code component:}), see
 * {@link ParameterNames}. The label is only the fallback for a reader without a front end (logs, tests).
 */
public enum Parameter {
    COMPONENT("component"),
    BACKUP("backup"),
    TARGET("target server"),
    REPLACE("replace"),
    INTEGRITY_ONLY("integrity only"),
    WORK_DIR("work directory"),
    TO_TIME("target time"),
    TO_LSN("target WAL position"),
    TO("target region"),
    FROM("source region"),
    /** The Jenkins war that boots a restored JENKINS_HOME. */
    WAR("Jenkins war"),
    /** A folder of plugin archives (.jpi/.hpi) to install into a restored JENKINS_HOME backed up without them. */
    PLUGINS("plugin folder"),
    /** The age secret key that decrypts a backup (the CLI's DR_AGE_IDENTITY, a credential in Jenkins). */
    AGE_IDENTITY("age identity");

    private final String label;

    Parameter(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** This parameter together with the value it was given, for messages such as "component x: no such component". */
    public Given given(Object value) {
        return new Given(this, String.valueOf(value));
    }

    /** A parameter and its value, as a part of an {@link InvalidRequestException}. */
    public record Given(Parameter parameter, String value) implements Serializable {
        private static final long serialVersionUID = 1L;
    }
}
