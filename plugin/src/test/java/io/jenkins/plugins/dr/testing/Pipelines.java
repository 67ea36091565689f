package io.jenkins.plugins.dr.testing;

import hudson.model.Result;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jvnet.hudson.test.JenkinsRule;

/** Runs a script as a new sandboxed Pipeline job, as a user's Jenkinsfile runs, and checks how its build ended. */
public final class Pipelines {
    private Pipelines() {
    }

    public static WorkflowRun run(JenkinsRule j, String script, Result expected) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return j.assertBuildStatus(expected, job.scheduleBuild2(0));
    }
}
