package org.drjenkins.cli;

import org.drjenkins.engine.util.Parameter;
import org.drjenkins.engine.util.ParameterNames;

/** The engine's parameters as the command line spells them: its options, and the environment for the age identity. */
final class CliParameters implements ParameterNames {
    static final CliParameters NAMES = new CliParameters();

    private CliParameters() {
    }

    @Override
    public String name(Parameter parameter) {
        // A switch without default: a new engine parameter does not compile until the CLI names it.
        return switch (parameter) {
            case COMPONENT -> "--component";
            case BACKUP -> "--backup";
            case TARGET -> "--target";
            case REPLACE -> "--replace";
            case INTEGRITY_ONLY -> "--integrity-only";
            case WORK_DIR -> "--work-dir";
            case WAR -> "--war";
            case PLUGINS -> "--plugins";
            case TO_TIME -> "--to-time";
            case TO_LSN -> "--to-lsn";
            case TO -> "--to";
            case FROM -> "--from";
            case RESTORE_DIR -> "--to";
            case DATA_DIR -> "--data-dir";
            case OUTPUT -> "--output";
            case REGION -> "--region";
            case ANY_REGION -> "--any-region";
            case CONFIRM -> "--confirm";
            case DIFF -> "--diff";
            case START -> "--start";
            case PORT -> "--port";
            case AGE_IDENTITY -> "DR_AGE_IDENTITY or DR_AGE_IDENTITY_FILE";
        };
    }
}
