package org.drjenkins.engine.storage;

import org.drjenkins.engine.config.Region;

/** Opens the bucket of a region. The CLI connects with the SDK's credential chain, the plugin with Jenkins credentials. */
@FunctionalInterface
public interface StoreProvider {

    ObjectStore open(Region region);
}
