package io.jenkins.plugins.dr.steps;

import hudson.init.InitMilestone;
import hudson.init.Initializer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps two builds from failing over the same regions at once. A failover changes which region is primary, so it
 * holds every region of its plan: a second failover (or failover drill) touching any of them is refused rather than
 * queued, because the plan it was approved against is about to change.
 *
 * <p>The lock lives in the controller's memory ({@link #CONTROLLER}): steps run on the controller's executor threads,
 * whichever agent does the work, so one map sees every build. A controller restart drops the locks, which is right:
 * it also ends the step executions that held them (these steps do not survive a restart). A restart within the same
 * JVM (the test harness' JenkinsSessionRule) would keep a static map, and the executions of the stopped controller
 * may let go of their leases only after the new one started: so the new controller forgets them when it starts.
 */
public final class RegionLocks {
    /** The controller's locks, shared by every build. */
    public static final RegionLocks CONTROLLER = new RegionLocks();

    private final Map<String, String> holders = new HashMap<>();

    /** A held set of regions; closing it releases them. */
    public final class Lease implements AutoCloseable {
        private final List<String> regions;
        private final String holder;

        private Lease(List<String> regions, String holder) {
            this.regions = regions;
            this.holder = holder;
        }

        @Override
        public void close() {
            synchronized (RegionLocks.this) {
                regions.forEach(region -> holders.remove(region, holder));
            }
        }
    }

    /**
     * Takes every region, or none.
     *
     * @param holder who holds them, e.g. the build's externalizable id, for the message of whoever is refused
     * @return the lease, or empty when another holder has one of the regions (see {@link #holderOf})
     */
    public synchronized Optional<Lease> tryAcquire(Collection<String> regions, String holder) {
        for (String region : regions) {
            if (holders.containsKey(region)) {
                return Optional.empty();
            }
        }
        List<String> taken = new ArrayList<>(regions);
        taken.forEach(region -> holders.put(region, holder));
        return Optional.of(new Lease(taken, holder));
    }

    /** A starting controller holds nothing: whatever an earlier one in this JVM held ended with it. */
    @Initializer(after = InitMilestone.PLUGINS_STARTED)
    public static void forgetTheLeasesOfAStoppedController() {
        CONTROLLER.releaseAll();
    }

    synchronized void releaseAll() {
        holders.clear();
    }

    /** Who holds the first of these regions that is held. */
    public synchronized Optional<String> holderOf(Collection<String> regions) {
        return regions.stream().map(holders::get).filter(java.util.Objects::nonNull).findFirst();
    }
}
