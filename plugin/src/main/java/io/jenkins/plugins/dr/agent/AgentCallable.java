package io.jenkins.plugins.dr.agent;

import hudson.AbortException;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs an {@link AgentTask} in the workspace of the enclosing {@code node}, on its agent. The only class of this
 * package that knows Jenkins: the tasks themselves are plain Java, tested as they run here.
 */
public final class AgentCallable extends MasterToSlaveFileCallable<AgentResult> {
    private static final long serialVersionUID = 1L;

    private final AgentTask task;
    private final TaskListener listener;

    public AgentCallable(AgentTask task, TaskListener listener) {
        this.task = task;
        this.listener = listener;
    }

    @Override
    public AgentResult invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        try {
            return task.run(workspace.toPath(), listener.getLogger());
        } catch (StepFailure e) {
            throw new AbortException(e.getMessage());
        }
    }
}
