package org.jenkinsci.plugins.workflow.steps;

import java.io.Serializable;

/** Stub of workflow-step-api's {@code StepExecution}. */
public abstract class StepExecution implements Serializable {
    private static final long serialVersionUID = 1L;

    protected StepExecution(StepContext context) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public StepContext getContext() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public abstract boolean start() throws Exception;

    public void stop(Throwable cause) throws Exception {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public void onResume() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public String getStatus() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public boolean blocksRestart() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }
}
