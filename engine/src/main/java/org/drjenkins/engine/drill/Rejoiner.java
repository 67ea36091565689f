package org.drjenkins.engine.drill;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.failover.LocalServer;
import org.drjenkins.engine.failover.RegionDatabase;
import org.drjenkins.engine.postgres.PostgresException;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.rejoin.Rejoin;
import org.drjenkins.engine.rejoin.RejoinException;
import org.drjenkins.engine.rejoin.RejoinLimits;
import org.drjenkins.engine.rejoin.ReplicationProof;

/**
 * The drill's rollback rejoin: the engine's {@link Rejoin} (the same one {@code dr rejoin} runs), its failures as the
 * phase's.
 */
final class Rejoiner {

    private final Rejoin rejoin;

    Rejoiner(Optional<String> pgPassword, Map<String, String> env, Progress progress) {
        this(pgPassword, env, progress, RejoinLimits.defaults().proof());
    }

    /** @param proofWithin how long the proof marker may take to arrive; shorter only in tests of the failing proof */
    Rejoiner(Optional<String> pgPassword, Map<String, String> env, Progress progress, Duration proofWithin) {
        this.rejoin = new Rejoin(pgPassword, env, progress, RejoinLimits.defaults().withProof(proofWithin));
    }

    /** @return how it was done and the proof, one line */
    String rejoin(Region old, Region primary) throws PhaseFailedException, InterruptedException {
        try {
            return rejoin.rejoin(old, primary).line();
        } catch (RejoinException e) {
            throw new PhaseFailedException(e.getMessage());
        }
    }

    /** Writes a marker on the primary and waits until the standby has replayed it. */
    static String proveReplication(RegionDatabase standby, RegionDatabase primary)
            throws PhaseFailedException, InterruptedException {
        try {
            return ReplicationProof.prove(standby, primary, RejoinLimits.defaults().proof());
        } catch (RejoinException e) {
            throw new PhaseFailedException(e.getMessage());
        }
    }

    /** Starts a stopped local old primary again (the fault is undone), or says it cannot. */
    static boolean restart(Region region) throws PostgresException, InterruptedException {
        if (region.dataDirectory() == null) {
            return false;
        }
        LocalServer.start(region.dataDirectory());
        return true;
    }
}
