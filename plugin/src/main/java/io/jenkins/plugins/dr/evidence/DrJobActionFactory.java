package io.jenkins.plugins.dr.evidence;

import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import java.util.Collection;
import java.util.List;
import jenkins.model.TransientActionFactory;

/** Adds {@link DrJobAction} to every job whose newest builds recorded DR evidence. */
@Extension
@SuppressWarnings("rawtypes")
public class DrJobActionFactory extends TransientActionFactory<Job> {
    /** Jenkins asks on every rendering of the job's actions, so only the newest builds are looked at here. */
    static final int RECENT = 10;

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
        return EvidenceHistory.hasRecentEvidence(target, RECENT) ? List.of(new DrJobAction(target)) : List.of();
    }
}
