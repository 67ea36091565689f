package org.jenkinsci.plugins.workflow.steps;

/** Stub of workflow-step-api's {@code SynchronousNonBlockingStepExecution}: run() on a background thread. */
public abstract class SynchronousNonBlockingStepExecution<T> extends StepExecution {
    private static final long serialVersionUID = 1L;

    protected SynchronousNonBlockingStepExecution(StepContext context) {
        super(context);
    }

    protected abstract T run() throws Exception;

    @Override
    public final boolean start() throws Exception {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }
}
