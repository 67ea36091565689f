package org.drjenkins.cli;

import java.io.PrintWriter;
import org.drjenkins.engine.config.ConfigException;
import org.drjenkins.engine.config.ConfigProblem;
import org.drjenkins.engine.util.InvalidRequestException;
import picocli.CommandLine;

/**
 * Prints a failure as one clear line (or one line per configuration problem) instead of a stack trace, which users
 * do not read and which could carry request details. {@code DR_DEBUG=1} adds the trace for developers.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
        PrintWriter err = cli.getErr();
        if (e instanceof ConfigException config) {
            err.println("dr: invalid configuration (" + config.problems().size() + " problem" + (config.problems().size() == 1 ? "" : "s") + "):");
            for (ConfigProblem problem : config.problems()) {
                err.println("  " + problem);
            }
        } else {
            err.println("dr " + cli.getCommandName() + ": " + oneLine(e));
        }
        if ("1".equals(System.getenv("DR_DEBUG"))) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.forException(e);
    }

    static String oneLine(Throwable e) {
        // The engine names request parameters neutrally; the command line says which option it means.
        String message = e instanceof InvalidRequestException invalid ? invalid.message(CliParameters.NAMES) : e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        return message.replaceAll("\\s*\\R\\s*", " ");
    }
}
