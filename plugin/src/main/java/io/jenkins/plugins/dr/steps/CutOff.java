package io.jenkins.plugins.dr.steps;

import hudson.AbortException;
import hudson.remoting.ChannelClosedException;
import hudson.remoting.RequestAbortedException;
import io.jenkins.plugins.dr.agent.AgentResult;
import io.jenkins.plugins.dr.agent.AgentTask;
import java.io.IOException;

/**
 * What the failing-over steps do when they lose their agent or their controller half-way: fail with one line that
 * says the outcome is unknown, and never in a way that Pipeline's {@code retry} conditions answer by running the
 * step again ({@code nonresumable()} retries {@code SynchronousResumeNotSupportedException}, {@code agent()} retries
 * a closed channel). Failing over twice on a guess is worse than asking a person to look first.
 */
final class CutOff {
    private CutOff() {
    }

    /** Runs the task on the agent; a connection that closes under it fails the step with one line. */
    static AgentResult onAgent(StepRun dr, AgentTask task, String what) throws IOException, InterruptedException {
        try {
            return dr.onAgent(task);
        } catch (IOException | RuntimeException e) {
            // Remoting reports an aborted call as RequestAbortedException, a RuntimeException.
            if (!channelClosed(e)) {
                throw e;
            }
            throw new AbortException(line(task.stepName(), what, "the connection to its agent closed while it ran (the"
                    + " agent went away, or the controller is stopping)"));
        }
    }

    /** The failure of an execution that a controller restart found running. */
    static AbortException afterRestart(String stepName, String what) {
        return new AbortException(line(stepName, what, "the controller restarted while it ran"));
    }

    private static boolean channelClosed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ChannelClosedException || t instanceof RequestAbortedException) {
                return true;
            }
        }
        return false;
    }

    private static String line(String stepName, String what, String why) {
        return stepName + ": " + what + " was cut off: " + why + ". It is not resumed and will not run again in this"
                + " build; a region lock it held ended with it. What it changed before is unknown: check which region"
                + " is primary and whether the other still follows it (drFailover(to: '...', dryRun: true) shows both)"
                + " before failing over again";
    }
}
