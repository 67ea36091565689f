package org.drjenkins.engine.failover;

import java.util.Optional;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;

/**
 * Which region is the primary now. After a failover, dr.yaml still names the old one until someone edits it; the
 * servers themselves know: the writable one is the primary.
 */
public final class PrimaryLocator {

    private PrimaryLocator() {
    }

    /**
     * The first region (in failover order, other than {@code except}) whose database answers and is not in recovery;
     * else the configured primary unless it is {@code except}; else the first other region with a database.
     */
    public static Region locate(DrConfig config, Optional<String> pgPassword, Optional<String> except) {
        for (Region region : config.regions()) {
            if (region.database() == null || except.filter(region.name()::equals).isPresent()) {
                continue;
            }
            RegionDatabase db = RegionDatabase.of(region, pgPassword);
            try {
                if (db.answers() && !db.inRecovery()) {
                    return region;
                }
            } catch (java.sql.SQLException e) {
                // Not answering now: not the primary we can see.
            }
        }
        Region configured = config.primary();
        if (except.filter(configured.name()::equals).isEmpty()) {
            return configured;
        }
        return config.regions().stream().filter(r -> r.database() != null && !r.name().equals(except.get())).findFirst()
                .orElse(configured);
    }
}
