package io.jenkins.plugins.dr.agent;

/**
 * A step cannot do what it was asked: one line naming what failed, where, and the fix. The agent callable turns it
 * into Jenkins' AbortException, which fails the build with this line and no stack trace. Not for defects: those are
 * left as the exception they are, so that their stack trace reaches the log (see {@link AgentCallable}).
 */
public class StepFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public StepFailure(String message) {
        super(message);
    }
}
