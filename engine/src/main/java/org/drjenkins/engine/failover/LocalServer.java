package org.drjenkins.engine.failover;

import java.nio.file.Files;
import java.nio.file.Path;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.postgres.ClusterDirectory;
import org.drjenkins.engine.postgres.PostgresException;

/**
 * A server whose data directory is on this machine ({@code dataDirectory:}): stopped and started with pg_ctl (as the
 * data directory's owner when we are root, with the options of its last start). Clusters made by {@link LocalCluster} are driven through it, so their own port and
 * settings are kept.
 */
public final class LocalServer {

    private LocalServer() {
    }

    public static boolean running(Path dataDirectory) {
        try {
            return LocalCluster.open(dataDirectory).isRunning();
        } catch (PostgresException e) {
            return Files.exists(dataDirectory.resolve("postmaster.pid"));
        }
    }

    /** {@code fast} ends sessions and writes a checkpoint; {@code immediate} is a crash. Nothing to do when stopped. */
    public static void stop(Path dataDirectory, String mode) throws PostgresException, InterruptedException {
        LocalCluster cluster = drjenkinsCluster(dataDirectory);
        if (cluster != null) {
            if ("immediate".equals(mode)) {
                cluster.kill();
            } else {
                cluster.stop();
            }
            return;
        }
        if (!Files.exists(dataDirectory.resolve("postmaster.pid"))) {
            return;
        }
        ClusterDirectory.at(dataDirectory).stop(mode);
    }

    public static void start(Path dataDirectory) throws PostgresException, InterruptedException {
        LocalCluster cluster = drjenkinsCluster(dataDirectory);
        if (cluster != null) {
            cluster.start();
            return;
        }
        // Any other cluster: as its data directory's owner, with the options its last start recorded.
        ClusterDirectory.at(dataDirectory).start();
    }

    /** The cluster when {@link LocalCluster} made it, else {@code null}. */
    static LocalCluster drjenkinsCluster(Path dataDirectory) {
        try {
            return LocalCluster.open(dataDirectory);
        } catch (PostgresException e) {
            return null;
        }
    }
}
