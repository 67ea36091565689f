package org.drjenkins.engine.assets;

import java.util.List;
import java.util.Map;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.retention.RetentionDecision;

/**
 * One s3-prefix backup run.
 *
 * @param manifest     as stored in the primary region's bucket and every region with a complete copy
 * @param listing      the key manifest (objects.json)
 * @param regions      the primary (which holds the origin) and each region whose copy is complete
 * @param copied       per other region, how many objects this run copied into it
 * @param copyFailures one line per region whose copy is incomplete
 * @param retention    decisions per region
 */
public record AssetBackupResult(Manifest manifest, AssetListing listing, List<String> regions, Map<String, Integer> copied,
        List<String> copyFailures, List<RetentionDecision> retention) {
}
