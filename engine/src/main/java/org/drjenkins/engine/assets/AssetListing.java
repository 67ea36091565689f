package org.drjenkins.engine.assets;

import java.time.Instant;
import java.util.List;

/**
 * The manifest of keys of one s3-prefix backup ({@code <component>/<backupId>/objects.json}): every object of the
 * origin at the listing's time, with sizes, ETags and SHA-256s, and what changed since the previous backup.
 *
 * @param formatVersion 1
 * @param bucket        the origin bucket
 * @param prefix        the prefix listed ({@code ""} for the whole bucket)
 * @param listedAt      when the origin was listed: the recovery point
 * @param objects       sorted by key
 * @param added         keys not in the previous backup
 * @param changed       keys whose ETag (or size, or time) differs from the previous backup's
 * @param deleted       keys of the previous backup the origin no longer has
 */
public record AssetListing(int formatVersion, String bucket, String prefix, Instant listedAt, List<AssetObject> objects,
        List<String> added, List<String> changed, List<String> deleted) {

    public static final int FORMAT_VERSION = 1;

    public AssetListing {
        objects = List.copyOf(objects);
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        deleted = List.copyOf(deleted);
    }

    public long bytes() {
        return objects.stream().mapToLong(AssetObject::size).sum();
    }
}
