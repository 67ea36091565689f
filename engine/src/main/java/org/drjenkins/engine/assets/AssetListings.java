package org.drjenkins.engine.assets;

import java.util.Optional;
import org.drjenkins.engine.manifest.BackupId;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.util.Json;

/** Reads a backup's key manifest. */
public final class AssetListings {

    private AssetListings() {
    }

    public static Optional<AssetListing> read(ObjectStore store, String component, BackupId id) {
        return store.getBytes(AssetLayout.listingKey(component, id))
                .map(b -> Json.fromBytes(b, AssetListing.class, "objects.json of " + component + "/" + id));
    }
}
