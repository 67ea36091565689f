package io.jenkins.plugins.dr.evidence;

import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import java.util.Collection;
import java.util.List;
import jenkins.model.TransientActionFactory;

/** Adds {@link DrJobAction} to every job whose recent builds recorded DR evidence. */
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
        return EvidenceHistory.of(target).isEmpty() ? List.of() : List.of(new DrJobAction(target));
    }
}
