package io.jenkins.plugins.dr.evidence;

import hudson.model.Job;
import hudson.model.Result;
import hudson.model.Run;
import java.util.ArrayList;
import java.util.List;

/** Reads the evidence of a job's recent builds from Jenkins (build.xml, already loaded or lazily loaded). */
public final class EvidenceHistory {
    /** The trend covers this many builds, and so does the search for "last passing verification". */
    public static final int BUILDS = 30;

    private EvidenceHistory() {
    }

    /**
     * Whether one of the newest {@code builds} builds recorded evidence. Cheap enough for every page that lists the
     * job's actions: it stops at the first hit and reads only recent builds (the DR steps usually have jobs of their
     * own, so their newest builds carry evidence).
     */
    public static boolean hasRecentEvidence(Job<?, ?> job, int builds) {
        Run<?, ?> run = job.getLastBuild();
        for (int i = 0; i < builds && run != null; i++) {
            if (!run.getActions(DrEvidenceAction.class).isEmpty()) {
                return true;
            }
            run = run.getPreviousBuild();
        }
        return false;
    }

    public static EvidenceSummary of(Job<?, ?> job) {
        List<BuildEvidence> builds = new ArrayList<>();
        Run<?, ?> run = job.getLastBuild();
        for (int i = 0; i < BUILDS && run != null; i++) {
            List<Evidence> evidence = new ArrayList<>();
            for (DrEvidenceAction action : run.getActions(DrEvidenceAction.class)) {
                evidence.add(action.evidence());
            }
            Result result = run.getResult();
            builds.add(new BuildEvidence(run.getNumber(), run.getUrl(), result == null ? null : result.toString(),
                    evidence));
            run = run.getPreviousBuild();
        }
        return new EvidenceSummary(builds);
    }
}
