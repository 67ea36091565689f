package io.jenkins.plugins.dr.steps;

import hudson.AbortException;
import io.jenkins.plugins.dr.agent.PlanRegionsTask;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The region lock of the failing-over steps, in Jenkins terms: a held region fails the step with one line. */
final class PlanLock {
    private PlanLock() {
    }

    /** The plan's regions, read where the step runs (the plan may be the workspace's configFile). */
    @SuppressWarnings("unchecked")
    static List<String> regionsOf(StepRun dr, PlanRegionsTask task) throws IOException, InterruptedException {
        return new ArrayList<>((Collection<String>) dr.onAgent(task).value().get("regions"));
    }

    static RegionLocks.Lease acquire(String stepName, List<String> regions, String holder) throws AbortException {
        return RegionLocks.CONTROLLER.tryAcquire(regions, holder).orElseThrow(() -> new AbortException(stepName
                + ": another failover of " + String.join(", ", regions) + " is running ("
                + RegionLocks.CONTROLLER.holderOf(regions).orElse("a build that just finished")
                + "); wait for it to finish or abort it, then run this again"));
    }
}
