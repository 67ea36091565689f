package org.drjenkins.engine.assets;

import org.drjenkins.engine.manifest.BackupId;
import org.drjenkins.engine.manifest.BackupLayout;

/**
 * Where an s3-prefix component's copies live in a region's bucket: the object bytes once per content under
 * {@code <component>/objects/<sha256>} (an unchanged object is never copied again, and every backup inside the
 * retention window still finds the bytes it lists), and each backup's key manifest beside its {@code manifest.json}.
 */
public final class AssetLayout {

    public static final String LISTING = "objects.json";

    private AssetLayout() {
    }

    public static String objectsPrefix(String component) {
        return component + "/objects/";
    }

    public static String objectKey(String component, String sha256) {
        return objectsPrefix(component) + sha256;
    }

    public static String listingKey(String component, BackupId id) {
        return BackupLayout.folder(component, id) + LISTING;
    }
}
