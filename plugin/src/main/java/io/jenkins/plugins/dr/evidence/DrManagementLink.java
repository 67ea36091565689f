package io.jenkins.plugins.dr.evidence;

import hudson.Extension;
import hudson.model.Job;
import hudson.model.ManagementLink;
import hudson.security.Permission;
import hudson.triggers.Trigger;
import io.jenkins.plugins.dr.jenkins.JenkinsFacade;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import jenkins.model.Jenkins;
import jenkins.triggers.TriggeredItem;
import org.jenkinsci.Symbol;

/**
 * Manage Jenkins → "Disaster Recovery": every job with DR evidence in its recent builds, its schedule, its last
 * result, each component's measured figures against the targets, and how long ago a verification last passed and a
 * drill last ran. The page an auditor asks for; administrators only.
 */
@Extension
@Symbol("disasterRecoveryDashboard")
public class DrManagementLink extends ManagementLink {
    private final transient JenkinsFacade jenkins = new JenkinsFacade();

    @Override
    public String getIconFileName() {
        return "symbol-journal";
    }

    @Override
    public String getDisplayName() {
        return Messages.DrManagementLink_displayName();
    }

    @Override
    public String getDescription() {
        return Messages.DrManagementLink_description();
    }

    @Override
    public String getUrlName() {
        return "disaster-recovery";
    }

    @Override
    public Permission getRequiredPermission() {
        return Jenkins.ADMINISTER;
    }

    @Override
    public Category getCategory() {
        return Category.STATUS;
    }

    /** One row per job with evidence, by full name. Reads up to {@value EvidenceHistory#BUILDS} builds per job. */
    public List<JobRow> getRows() {
        jenkins.checkPermission(Jenkins.ADMINISTER);
        Instant now = Instant.now();
        List<JobRow> rows = new ArrayList<>();
        for (Job<?, ?> job : jenkins.allJobs()) {
            EvidenceSummary summary = EvidenceHistory.of(job);
            if (!summary.isEmpty()) {
                rows.add(new JobRow(job.getFullDisplayName(), job.getUrl(), schedule(job), summary.lastResult(),
                        summary.latestPerComponent(), summary.since(summary.lastPassingVerification(), now),
                        summary.since(summary.lastDrill(), now)));
            }
        }
        rows.sort(Comparator.comparing(JobRow::getName));
        return rows;
    }

    /** The cron specs of the job's triggers (build periodically, poll SCM), or "none". */
    static String schedule(Job<?, ?> job) {
        if (!(job instanceof TriggeredItem triggered)) {
            return "none";
        }
        List<String> specs = new ArrayList<>();
        for (Trigger<?> trigger : triggered.getTriggers().values()) {
            String spec = trigger.getSpec();
            if (spec != null && !spec.isBlank()) {
                specs.add(spec.strip().replace('\n', ' '));
            }
        }
        return specs.isEmpty() ? "none" : String.join("; ", specs);
    }

    /** A job on the dashboard. */
    public record JobRow(String name, String url, String schedule, String lastResult, List<ComponentStatus> components,
            String sinceLastPassingVerification, String sinceLastDrill) {
        public String getName() {
            return name;
        }

        public String getUrl() {
            return url;
        }

        public String getSchedule() {
            return schedule;
        }

        public String getLastResult() {
            return lastResult;
        }

        public List<ComponentStatus> getComponents() {
            return components;
        }

        public String getSinceLastPassingVerification() {
            return sinceLastPassingVerification;
        }

        public String getSinceLastDrill() {
            return sinceLastDrill;
        }
    }
}
