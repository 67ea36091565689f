package org.drjenkins.engine.rejoin;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.failover.RegionDatabase;
import org.drjenkins.engine.util.InvalidRequestException;

/**
 * Which region rejoins which: the old primary named by the user, and the new primary named or found (the one other
 * region whose database answers and is not in recovery). The rule {@code dr rejoin} and {@code drRejoin} share.
 *
 * @param old     the failed-over old primary
 * @param primary the region it is to follow
 */
public record RejoinTarget(Region old, Region primary) {

    /**
     * @throws InvalidRequestException an unknown region, a region without database, the same region twice
     * @throws RejoinRefusedException  no region is a primary to follow, or more than one is
     */
    public static RejoinTarget resolve(DrConfig config, String oldName, Optional<String> primaryName,
            Optional<String> pgPassword) throws RejoinRefusedException {
        Region old = region(config, oldName, "--region");
        if (primaryName.isPresent()) {
            Region primary = region(config, primaryName.get(), "--primary");
            if (primary.name().equals(old.name())) {
                throw new InvalidRequestException("--primary " + primary.name() + " is the region to rejoin: name the "
                        + "region that took over from it");
            }
            return new RejoinTarget(old, primary);
        }
        List<Region> primaries = config.regions().stream()
                .filter(r -> !r.name().equals(old.name()) && r.database() != null)
                .filter(r -> isPrimary(RegionDatabase.of(r, pgPassword))).toList();
        if (primaries.isEmpty()) {
            throw new RejoinRefusedException("cannot rejoin " + old.name() + ": no other region's database is a primary "
                    + "that answers; fail over first (dr failover --to REGION), or name the region to follow (dr rejoin "
                    + "--primary, drRejoin primary:)");
        }
        if (primaries.size() > 1) {
            throw new RejoinRefusedException("cannot rejoin " + old.name() + ": " + primaries.stream().map(Region::name)
                    .toList() + " are all primaries; name the one to follow (dr rejoin --primary, drRejoin primary:)");
        }
        return new RejoinTarget(old, primaries.get(0));
    }

    private static Region region(DrConfig config, String name, String option) {
        Region region = config.region(name).orElseThrow(() -> new InvalidRequestException(option + " " + name
                + " is not a region of the plan; choose one of " + config.regions().stream().map(Region::name).toList()));
        if (region.database() == null) {
            throw new InvalidRequestException("region " + name + " has no database: add database: "
                    + "postgresql://user@host:5432/db to it in dr.yaml");
        }
        return region;
    }

    private static boolean isPrimary(RegionDatabase db) {
        try {
            return db.answers() && !db.inRecovery();
        } catch (SQLException e) {
            return false;
        }
    }
}
