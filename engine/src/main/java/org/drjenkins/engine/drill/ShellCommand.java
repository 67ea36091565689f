package org.drjenkins.engine.drill;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.drjenkins.engine.failover.Seconds;
import org.drjenkins.engine.process.ShellRunner;

/**
 * Runs a configured {@code faultCommand} or {@code rejoinCommand} with {@code sh -c}: for servers the engine cannot
 * stop or rebuild itself (another machine, a managed service). Stops it, and everything it started, on timeout or
 * interruption.
 */
final class ShellCommand {

    private static final int TAIL_LINES = 5;

    private ShellCommand() {
    }

    /**
     * @param what  names the command in messages, e.g. {@code faultCommand of us-east-1}
     * @param env   the drill's environment ({@link DrillTools#env()}; in Jenkins with the step's credential
     *              variables), laid over this JVM's
     * @param extra environment variables for the command (which region, which URLs); they win over {@code env}
     * @return the last lines of its output
     * @throws PhaseFailedException when it exits non-zero or does not finish in time
     */
    static String run(String what, String command, Map<String, String> env, Map<String, String> extra,
            Duration timeout) throws PhaseFailedException, InterruptedException {
        ShellRunner.Outcome outcome;
        try {
            // Documented as passed to the commands, but only the JVM's environment was: in Jenkins the drill's adds the
            // step's credential variables to the agent's, and a command never saw them.
            outcome = ShellRunner.run(command, timeout, env, extra);
        } catch (IOException e) {
            throw new PhaseFailedException(what + " could not start: " + e.getMessage());
        }
        String tail = masked(outcome.lastLines(TAIL_LINES), env);
        if (outcome.timedOut()) {
            throw new PhaseFailedException(what + " did not finish within " + Seconds.text(timeout) + ": " + tail);
        }
        if (outcome.exitCode() != 0) {
            throw new PhaseFailedException(what + " exited " + outcome.exitCode() + ": " + tail);
        }
        return tail;
    }

    static final int MIN_MASKED_LENGTH = ShellRunner.MIN_MASKED_LENGTH;

    /** See {@link ShellRunner#masked}: the drill's environment holds the step's credential variables in Jenkins. */
    static String masked(String output, Map<String, String> env) {
        return ShellRunner.masked(output, env);
    }
}
