package org.drjenkins.cli;

import org.drjenkins.engine.config.ConfigException;
import org.drjenkins.engine.util.InvalidRequestException;
import picocli.CommandLine;

/** The one mapping from failures to exit codes: 0 success, 1 the operation failed, 2 bad input or configuration. */
final class ExitCodes {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;

    private ExitCodes() {
    }

    static int forException(Throwable e) {
        if (e instanceof ConfigException || e instanceof InvalidRequestException || e instanceof CommandLine.ParameterException) {
            return BAD_INPUT;
        }
        return FAILED;
    }
}
