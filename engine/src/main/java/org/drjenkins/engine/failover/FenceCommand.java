package org.drjenkins.engine.failover;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.drjenkins.engine.process.ShellRunner;

/**
 * A region's {@code fenceCommand} (STONITH: stop the VM, detach the volume, revoke the security group), run with
 * {@code sh -c}, bounded in time; the command and everything it started are killed when it overruns.
 */
final class FenceCommand {

    /** Only the end of the output goes into the step's one line. */
    private static final int TAIL_CHARS = 400;

    private FenceCommand() {
    }

    /**
     * @param env variables for the command: which region, its database URL (never a password)
     * @return the end of its output, one line
     * @throws StepFailedException when it cannot start, exits non-zero or overruns
     */
    static String run(String region, String command, Map<String, String> env, Duration timeout)
            throws StepFailedException, InterruptedException {
        ShellRunner.Outcome outcome;
        try {
            outcome = ShellRunner.run(command, timeout, env);
        } catch (IOException e) {
            throw new StepFailedException("fenceCommand of " + region + " could not start: " + e.getMessage(), e);
        }
        if (outcome.timedOut()) {
            throw new StepFailedException("fenceCommand of " + region + " did not finish within "
                    + Seconds.text(timeout) + ": " + outcome.summary(TAIL_CHARS));
        }
        if (outcome.exitCode() != 0) {
            throw new StepFailedException("fenceCommand of " + region + " exited " + outcome.exitCode() + ": "
                    + outcome.summary(TAIL_CHARS));
        }
        return outcome.summary(TAIL_CHARS);
    }
}
