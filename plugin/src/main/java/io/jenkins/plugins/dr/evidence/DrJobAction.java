package io.jenkins.plugins.dr.evidence;

import hudson.model.Action;
import hudson.model.Job;
import java.util.List;

/**
 * "Disaster Recovery" on a job that ran DR steps: the newest verdict per component and, per component, the trend of
 * measured RPO/RTO against the targets over the last {@value EvidenceHistory#BUILDS} builds.
 */
public class DrJobAction implements Action {
    private final Job<?, ?> job;

    public DrJobAction(Job<?, ?> job) {
        this.job = job;
    }

    public Job<?, ?> getJob() {
        return job;
    }

    /** Read on each page view: the builds are the record, this action keeps no copy. */
    public EvidenceSummary getSummary() {
        return EvidenceHistory.of(job);
    }

    public List<ComponentStatus> getComponents() {
        return getSummary().latestPerComponent();
    }

    /** One chart per component, as SVG markup (generated and escaped by {@link TrendChart}). */
    public List<Chart> getCharts() {
        EvidenceSummary summary = getSummary();
        return summary.latestPerComponent().stream()
                .map(status -> new Chart(status.component(), TrendChart.svg(status.component(),
                        summary.trend(status.component()))))
                .toList();
    }

    /** A component's chart. */
    public record Chart(String component, String svg) {
        public String getComponent() {
            return component;
        }

        public String getSvg() {
            return svg;
        }
    }

    @Override
    public String getIconFileName() {
        return "symbol-analytics";
    }

    @Override
    public String getDisplayName() {
        return Messages.DrJobAction_displayName();
    }

    @Override
    public String getUrlName() {
        return "disaster-recovery";
    }
}
