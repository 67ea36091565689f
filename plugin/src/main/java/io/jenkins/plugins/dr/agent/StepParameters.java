package io.jenkins.plugins.dr.agent;

import org.drjenkins.engine.util.Parameter;
import org.drjenkins.engine.util.ParameterNames;

/**
 * The engine's parameters as a pipeline step names them: {@code component}, and with its value
 * {@code component: 'database'}, as the step is written in a Jenkinsfile; the age identity is a credential.
 */
final class StepParameters implements ParameterNames {
    static final StepParameters NAMES = new StepParameters();

    private StepParameters() {
    }

    @Override
    public String name(Parameter parameter) {
        // A switch without default: a new engine parameter does not compile until the steps name it.
        return switch (parameter) {
            case COMPONENT -> "component";
            case BACKUP -> "backup";
            case TARGET -> "target";
            case REPLACE -> "replace";
            case INTEGRITY_ONLY -> "integrityOnly";
            case WORK_DIR -> "workDir";
            case WAR -> "war";
            case PLUGINS -> "plugins";
            case TO_TIME -> "toTime";
            case TO_LSN -> "toLsn";
            case TO -> "to";
            case FROM -> "from";
            case RESTORE_DIR -> "to";
            case DATA_DIR -> "dataDir";
            case OUTPUT -> "output";
            case REGION -> "region";
            case ANY_REGION -> "anyRegion";
            case CONFIRM -> "confirm";
            case DIFF -> "diff";
            case START -> "start";
            case PORT -> "port";
            case AGE_IDENTITY -> Messages.StepParameters_ageIdentity();
        };
    }

    @Override
    public String given(Parameter parameter, String value) {
        return name(parameter) + ": '" + value + "'";
    }
}
