package io.jenkins.plugins.dr.agent;

import hudson.AbortException;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs an {@link AgentTask} in the workspace of the enclosing {@code node}, on its agent. The only class of this
 * package that knows Jenkins: the tasks themselves are plain Java, tested as they run here.
 *
 * <p>Two kinds of failure leave here. A {@link StepFailure} is the user's to fix: one line, no stack trace. Anything
 * else is a defect: its stack trace is printed to the build log here, on the agent, through the task's
 * {@link SecretMasker} (a library's exception may quote a password), and the build fails with one masked line.
 * The exception itself never travels back: remoting would carry its unmasked message to the controller's log.
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
        } catch (RuntimeException | LinkageError e) {
            throw defect(e);
        }
    }

    private AbortException defect(Throwable e) {
        SecretMasker masker = task.masker();
        PrintStream log = masker.wrap(listener.getLogger());
        log.println(Messages.AgentCallable_defectHeader(task.stepName()));
        e.printStackTrace(log);
        log.close();
        return new AbortException(masker.mask(Messages.AgentCallable_defect(task.stepName(), e.getClass().getName(),
                String.valueOf(e.getMessage()))));
    }
}
