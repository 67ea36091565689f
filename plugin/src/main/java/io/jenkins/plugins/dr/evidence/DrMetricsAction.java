package io.jenkins.plugins.dr.evidence;

import hudson.Extension;
import hudson.model.RootAction;
import io.jenkins.plugins.dr.jenkins.JenkinsFacade;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import jenkins.model.Jenkins;
import org.drjenkins.engine.compliance.Verdict;
import org.kohsuke.stapler.StaplerFallback;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * {@code /disaster-recovery/metrics}: the live verdicts in the Prometheus text exposition format (version 0.0.4), for
 * teams that alert from Prometheus: per job and component the RPO now, its target, the last verified RTO, its target,
 * the verdict as a state set (one series per verdict, 1 for the current one), and whether the job missed a scheduled
 * run. The same figures as the Disaster Recovery page ({@link DrJobs}), computed on each scrape; administrators only,
 * like the page (scrape with an API token). Jenkins resolves {@code manage/disaster-recovery} through the root
 * actions too, so everything but {@code metrics} falls back to the page itself ({@link DrManagementLink}).
 */
@Extension
public class DrMetricsAction implements RootAction, StaplerFallback {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private final transient JenkinsFacade jenkins = new JenkinsFacade();

    public void doMetrics(StaplerRequest2 request, StaplerResponse2 response) throws IOException {
        jenkins.checkPermission(Jenkins.ADMINISTER);
        response.setContentType(CONTENT_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        try (PrintWriter out = response.getWriter()) {
            out.print(text(DrJobs.standings(jenkins)));
        }
    }

    static String text(List<JobStanding> jobs) {
        StringBuilder out = new StringBuilder();
        gauge(out, "dr_rpo_seconds", "Seconds since the component's newest proven recovery point (now minus it).", jobs,
                LiveStatus::getRpoSeconds);
        gauge(out, "dr_rpo_target_seconds", "The component's RPO target in seconds.", jobs, c -> c.getRpoTargetSeconds());
        gauge(out, "dr_rto_seconds", "The restore time the newest passed restore verification measured, in seconds.", jobs,
                LiveStatus::getRtoSeconds);
        gauge(out, "dr_rto_target_seconds", "The component's RTO target in seconds.", jobs, c -> c.getRtoTargetSeconds());
        out.append("# HELP dr_verdict The component's verdict now: 1 for the current verdict, 0 for the others.\n");
        out.append("# TYPE dr_verdict gauge\n");
        for (JobStanding job : jobs) {
            for (LiveStatus c : job.getComponents()) {
                for (Verdict verdict : Verdict.values()) {
                    out.append("dr_verdict{job=\"").append(label(job.getName())).append("\",component=\"")
                            .append(label(c.getComponent())).append("\",verdict=\"").append(verdict.name()).append("\"} ")
                            .append(verdict == c.verdict() ? 1 : 0).append('\n');
                }
            }
        }
        out.append("# HELP dr_job_missed 1 when the job's timer should have started it since its last build and did not.\n");
        out.append("# TYPE dr_job_missed gauge\n");
        for (JobStanding job : jobs) {
            out.append("dr_job_missed{job=\"").append(label(job.getName())).append("\"} ").append(job.isMissed() ? 1 : 0).append('\n');
        }
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, List<JobStanding> jobs,
            java.util.function.Function<LiveStatus, Double> value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
        for (JobStanding job : jobs) {
            for (LiveStatus c : job.getComponents()) {
                Double v = value.apply(c);
                if (v != null) {
                    out.append(name).append("{job=\"").append(label(job.getName())).append("\",component=\"")
                            .append(label(c.getComponent())).append("\"} ").append(String.format(Locale.ROOT, "%.3f", v)).append('\n');
                }
            }
        }
    }

    /** A label value as the format requires: backslash, double quote and line feed escaped. */
    static String label(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** The Disaster Recovery page and its {@code api/json}, at this URL as at {@code manage/disaster-recovery}. */
    @Override
    public Object getStaplerFallback() {
        return jenkins.singleton(DrManagementLink.class);
    }

    /** No link in the side panel: an endpoint for scrapers, linked from the Disaster Recovery page. */
    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return Messages.DrManagementLink_displayName();
    }

    @Override
    public String getUrlName() {
        return "disaster-recovery";
    }
}
