package io.jenkins.plugins.dr.evidence;

import hudson.model.Job;
import io.jenkins.plugins.dr.jenkins.JenkinsFacade;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import jenkins.triggers.TriggeredItem;

/**
 * Every job the Disaster Recovery page accounts for: each job with an evidence index (a DR step ran in it), and each
 * scheduled job whose definition calls a DR step or a {@code vars/} DR step but has recorded nothing yet — listed,
 * not hidden. Reads the indexes and, for jobs without one, config.xml; never a build.
 */
public final class DrJobs {
    /** The plugin's steps and the shared library's, as a job's inline script or config would name them. */
    static final Pattern DR_STEP = Pattern.compile("\\b(drBackup|drVerifyRestore|drDrill|drFailover|drCompliance|drWalReplicate"
            + "|drNightlyBackup|drQuarterlyDrill|drFailoverWithApproval|drComplianceGate)\\b");

    private DrJobs() {
    }

    public static List<JobStanding> standings(JenkinsFacade jenkins) {
        Instant now = jenkins.clock().instant();
        List<JobStanding> rows = new ArrayList<>();
        for (Job<?, ?> job : jenkins.allJobs()) {
            Optional<EvidenceIndex> index = EvidenceIndexes.of(job);
            if (index.isPresent() || (scheduled(job) && callsDrSteps(job))) {
                rows.add(JobStanding.of(job, index, now));
            }
        }
        rows.sort(Comparator.comparing(JobStanding::getName));
        return rows;
    }

    static boolean scheduled(Job<?, ?> job) {
        return job instanceof TriggeredItem triggered && !triggered.getTriggers().isEmpty();
    }

    /** Whether the job's configuration (a Pipeline's inline script, say) calls a DR step. */
    static boolean callsDrSteps(Job<?, ?> job) {
        try {
            return DR_STEP.matcher(job.getConfigFile().asString()).find();
        } catch (IOException e) {
            return false;
        }
    }
}
