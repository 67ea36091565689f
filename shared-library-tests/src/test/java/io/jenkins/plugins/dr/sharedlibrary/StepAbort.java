package io.jenkins.plugins.dr.sharedlibrary;

/** Stands in for hudson.AbortException: what a failing step or {@code error} throws in Jenkins. */
public class StepAbort extends RuntimeException {
    public StepAbort(String message) {
        super(message);
    }
}
