package org.drjenkins.engine.postgres;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one owner of the JVM shutdown hook that destroys the throwaway clusters this JVM started: a test or demo JVM
 * that dies without {@code close()} must not leave servers and temporary directories behind. The hook is registered
 * once, at the first cluster handed over; a cluster that was destroyed is taken off again so the hook never touches a
 * directory that is gone (or reused).
 */
final class ClustersAtExit {

    private static final Set<LocalCluster> LIVE = ConcurrentHashMap.newKeySet();

    private ClustersAtExit() {
    }

    /** Registered the first time this class is used, and never again. */
    private static final class Hook {
        static {
            Runtime.getRuntime().addShutdownHook(new Thread(ClustersAtExit::destroyAll, "drjenkins-local-cluster-cleanup"));
        }

        static void ensure() {
            // Loading this class registered the hook.
        }
    }

    /** From now until {@link #forget}, {@code cluster} is destroyed when the JVM exits. */
    static void destroyAtExit(LocalCluster cluster) {
        Hook.ensure();
        LIVE.add(cluster);
    }

    /** {@code cluster} was destroyed (or handed to someone who keeps it): the hook leaves it alone. */
    static void forget(LocalCluster cluster) {
        LIVE.remove(cluster);
    }

    /** The clusters the hook would destroy now. */
    static List<LocalCluster> live() {
        return List.copyOf(LIVE);
    }

    private static void destroyAll() {
        for (LocalCluster cluster : List.copyOf(LIVE)) {
            try {
                cluster.destroy();
            } catch (Exception | Error e) {
                // Best effort while the JVM exits.
            }
        }
    }
}
