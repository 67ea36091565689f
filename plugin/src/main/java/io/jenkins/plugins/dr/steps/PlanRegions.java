package io.jenkins.plugins.dr.steps;

import io.jenkins.plugins.dr.agent.PlanRegionsTask;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The plan's regions, for the failing-over steps to check their region arguments against. */
final class PlanRegions {
    private PlanRegions() {
    }

    /** Read where the step runs (the plan may be the workspace's configFile). */
    @SuppressWarnings("unchecked")
    static List<String> of(StepRun dr, PlanRegionsTask task) throws IOException, InterruptedException {
        return new ArrayList<>((Collection<String>) dr.onAgent(task).value().get("regions"));
    }
}
