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
    /** dr restore: the directory a directory backup is restored into. */
    RESTORE_DIR("target directory"),
    /** dr restore: the data directory a postgres-cluster backup is restored into. */
    DATA_DIR("data directory"),
    /** dr restore: the file a command's output is written to. */
    OUTPUT("output file"),
    /** dr restore: the region whose bucket is read. */
    REGION("region"),
    /** dr restore: fall back to the next region that answers. */
    ANY_REGION("any region"),
    /** dr restore: the operator's consent to replace a target that is in use. */
    CONFIRM("confirm"),
    /** dr restore: show what would change, write nothing. */
    DIFF("diff"),
    /** dr restore: start the restored server (postgres-cluster). */
    START("start"),
    /** dr restore: the port of the started server. */
    PORT("port"),
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
