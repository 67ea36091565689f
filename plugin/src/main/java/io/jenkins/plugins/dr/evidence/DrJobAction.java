package io.jenkins.plugins.dr.evidence;

import hudson.model.Action;
import hudson.model.Api;
import hudson.model.Job;
import io.jenkins.plugins.dr.jenkins.JenkinsFacade;
import java.util.List;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * "Disaster Recovery" on a job that ran DR steps: each component's verdict now (from the job's evidence index: the
 * RPO keeps growing until a newer recovery point is proven) next to what the build measured, and, per component, the
 * trend of measured RPO/RTO against the targets over the last {@value EvidenceHistory#BUILDS} builds (the only part
 * that reads builds, lazily, capped).
 */
@ExportedBean(defaultVisibility = 2)
public class DrJobAction implements Action {
    private final Job<?, ?> job;
    private final transient JenkinsFacade jenkins = new JenkinsFacade();

    public DrJobAction(Job<?, ?> job) {
        this.job = job;
    }

    public Job<?, ?> getJob() {
        return job;
    }

    /** The job's standing now; computed on each rendering from the index, never stored. */
    @Exported(name = "standing", inline = true)
    public JobStanding getStanding() {
        return JobStanding.of(job, EvidenceIndexes.of(job), jenkins.clock().instant());
    }

    /** Each component's live standing. */
    public List<LiveStatus> getComponents() {
        return getStanding().getComponents();
    }

    /** Reads up to {@value EvidenceHistory#BUILDS} builds: the trend charts only. */
    public EvidenceSummary getSummary() {
        return EvidenceHistory.of(job);
    }

    /** One chart per component, as SVG markup (generated and escaped by {@link TrendChart}). */
    public List<Chart> getCharts() {
        EvidenceSummary summary = getSummary();
        return summary.latestPerComponent().stream()
                .map(status -> new Chart(status.component(), TrendChart.svg(status.component(),
                        summary.trend(status.component()))))
                .toList();
    }

    /** {@code job/NAME/disaster-recovery/api/json}: the live verdicts, for a monitoring system. */
    public Api getApi() {
        return new Api(this);
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
