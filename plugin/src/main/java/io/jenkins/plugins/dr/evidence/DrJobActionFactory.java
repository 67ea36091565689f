package io.jenkins.plugins.dr.evidence;

import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import java.util.Collection;
import java.util.List;
import jenkins.model.TransientActionFactory;

/**
 * Adds {@link DrJobAction} to every job a DR step recorded evidence in. Jenkins asks on every rendering of the job's
 * actions (and of lists of jobs), so this looks at the job's evidence index only, never at its builds.
 */
@Extension
@SuppressWarnings("rawtypes")
public class DrJobActionFactory extends TransientActionFactory<Job> {
    @Override
    public Class<Job> type() {
        return Job.class;
    }

    @Override
    public Class<? extends Action> actionType() {
        return DrJobAction.class;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Collection<? extends Action> createFor(Job target) {
        return EvidenceIndexes.of(target).isPresent() ? List.of(new DrJobAction(target)) : List.of();
    }
}
