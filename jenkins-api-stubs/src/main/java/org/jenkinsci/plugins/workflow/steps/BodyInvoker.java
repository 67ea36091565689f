package org.jenkinsci.plugins.workflow.steps;

/** Stub of workflow-step-api's {@code BodyInvoker} (members not used here). */
public abstract class BodyInvoker {
}
