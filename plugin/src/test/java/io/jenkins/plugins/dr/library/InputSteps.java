package io.jenkins.plugins.dr.library;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.steps.input.InputAction;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStepExecution;
import org.jvnet.hudson.test.JenkinsRule;

/** Answering a build's {@code input} step the way a person does, as a given user, through the input step's API. */
final class InputSteps {
    private static final long WAIT_SECONDS = 120;

    private InputSteps() {
    }

    /** The input step the build waits in, once it is there; bounded, and fails at once if the build ends instead. */
    static InputStepExecution await(JenkinsRule j, WorkflowRun run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            InputAction action = run.getAction(InputAction.class);
            if (action != null && !action.getExecutions().isEmpty()) {
                return action.getExecutions().get(0);
            }
            assertThat(run.isBuilding()).as("the build ended without asking:\n%s", j.getLog(run)).isTrue();
            Thread.sleep(200);
        }
        throw new AssertionError("no input step within " + WAIT_SECONDS + "s:\n" + j.getLog(run));
    }

    /** Presses Proceed as this user; the input step itself checks that the user is a submitter. */
    static void approve(String user, InputStepExecution input) throws Exception {
        try (ACLContext ignored = ACL.as(User.getById(user, true))) {
            input.doProceedEmpty();
        }
    }

    /**
     * Ends every build still running after a failed assertion, so that it neither holds the agent's only executor
     * for the next test nor changes the databases under it; waits for them, bounded.
     */
    static void abortRunningBuilds(JenkinsRule j) throws Exception {
        for (WorkflowJob job : j.jenkins.getAllItems(WorkflowJob.class)) {
            for (WorkflowRun run : job.getBuilds()) {
                if (run.isBuilding()) {
                    run.doKill();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (run.isBuilding() && System.nanoTime() < deadline) {
                        Thread.sleep(100);
                    }
                }
            }
        }
    }

    /** Presses Abort as this user. */
    static void reject(String user, InputStepExecution input) throws Exception {
        try (ACLContext ignored = ACL.as(User.getById(user, true))) {
            input.doAbort();
        }
    }
}
