package org.drjenkins.engine.drill;

import java.util.Map;
import org.drjenkins.engine.failover.FailoverTools;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.StoreProvider;

/**
 * What drills need besides the plan.
 *
 * @param secrets  for backups and verify-restores (age keys, database password)
 * @param stores   the regions' buckets (backups, and the drill record in the primary's)
 * @param failover passwords, DNS, incident notices and limits of failovers
 * @param env      the environment for webhook URLs named by {@code urlEnv}, and passed to fault and rejoin commands
 */
public record DrillTools(Secrets secrets, StoreProvider stores, FailoverTools failover, Map<String, String> env) {

    public DrillTools {
        env = Map.copyOf(env);
    }
}
