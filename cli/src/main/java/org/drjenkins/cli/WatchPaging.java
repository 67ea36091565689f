package org.drjenkins.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.failover.FailoverResult;
import org.drjenkins.engine.failover.health.ProbeListener;
import org.drjenkins.engine.incident.DetectionPager;
import org.drjenkins.engine.incident.IncidentEngine;

/**
 * dr watch's incident side: pages at detection through {@link DetectionPager} and writes the failover's outcome into
 * the incident's timeline for the post-mortem. When the incident bucket cannot even be opened, the watch goes on
 * without paging: it is there to fail over.
 */
final class WatchPaging implements AutoCloseable {

    private final IncidentTools tools;
    private final DetectionPager pager;
    private final StderrProgress progress;

    private WatchPaging(IncidentTools tools, DetectionPager pager, StderrProgress progress) {
        this.tools = tools;
        this.pager = pager;
        this.progress = progress;
    }

    static WatchPaging start(DrConfig plan, StderrProgress progress) {
        try {
            IncidentTools tools = new IncidentTools(plan, progress);
            DetectionPager pager = DetectionPager.background(tools.engine(), plan.primary().name(), plan.incidents().detection(), progress::info);
            progress.info("paging the on-call after " + plan.incidents().detection().toSeconds() + " s of failed checks (incidents.detection)");
            return new WatchPaging(tools, pager, progress);
        } catch (RuntimeException e) {
            progress.info("incident paging is off for this watch: " + e.getMessage());
            return new WatchPaging(null, null, progress);
        }
    }

    /** The engine this watch pages with, for everything else that acts on its incidents; empty when paging is off. */
    Optional<IncidentEngine> engine() {
        return tools == null ? Optional.empty() : Optional.of(tools.engine());
    }

    ProbeListener listener() {
        return pager == null ? ProbeListener.NONE : pager;
    }

    /** The failover's steps and measured RTO/RPO into the incident opened at detection. */
    void failedOver(Optional<FailoverResult> failover) {
        if (pager == null || failover.isEmpty() || pager.incidentId().isEmpty()) {
            return;
        }
        FailoverResult r = failover.get();
        Map<String, String> facts = new LinkedHashMap<>();
        if (r.rtoSeconds() != null) {
            facts.put("rtoSeconds", String.valueOf(r.rtoSeconds()));
        }
        if (r.rpoSeconds() != null) {
            facts.put("rpoSeconds", String.valueOf(r.rpoSeconds()));
        }
        try {
            tools.engine().note(pager.incidentId().get(), "failover " + r.from() + " -> " + r.to() + ": "
                    + (r.completed() ? "completed" : "not completed") + "; steps done: " + String.join(", ", r.doneSteps()), facts);
        } catch (RuntimeException e) {
            progress.info("could not add the failover to incident " + pager.incidentId().get() + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (pager != null) {
            pager.close();
        }
        if (tools != null) {
            tools.close();
        }
    }
}
