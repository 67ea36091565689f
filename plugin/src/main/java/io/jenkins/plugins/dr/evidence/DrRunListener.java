package io.jenkins.plugins.dr.evidence;

import hudson.Extension;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.listeners.RunListener;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps a DR job's evidence index current with its builds' starts and results, so the Disaster Recovery page knows
 * whether the job ran when its timer said and how it ended without loading a build. Jobs without an index (no DR
 * step ever ran there) are left alone.
 */
@Extension
@SuppressWarnings("rawtypes")
public class DrRunListener extends RunListener<Run> {
    private static final Logger LOG = Logger.getLogger(DrRunListener.class.getName());

    @Override
    public void onStarted(Run run, TaskListener listener) {
        update(run, index -> index.started(run.getNumber(), run.getUrl(), run.getStartTimeInMillis()));
    }

    @Override
    public void onCompleted(Run run, TaskListener listener) {
        Result result = run.getResult();
        update(run, index -> {
            index.started(run.getNumber(), run.getUrl(), run.getStartTimeInMillis());
            index.completed(run.getNumber(), result == null ? null : result.toString());
        });
    }

    private static void update(Run<?, ?> run, java.util.function.Consumer<EvidenceIndex> change) {
        try {
            EvidenceIndexes.update(run.getParent(), false, change);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot update the DR evidence index of " + run.getParent().getFullName(), e);
        }
    }
}
