package io.jenkins.plugins.dr.agent;

/**
 * A step cannot do what it was asked: one line naming what failed, where, and the fix. The agent callable turns it
 * into Jenkins' AbortException, which fails the build with this line and no stack trace.
 */
public class StepFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public StepFailure(String message) {
        super(message);
    }
}
