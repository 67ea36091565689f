package org.drjenkins.cli;

import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.StoreConnector;
import org.drjenkins.engine.storage.StoreProvider;

/** Secrets and stores as the command line gets them: from the environment and the SDK's default credential chain. */
final class CliEnvironment {

    private CliEnvironment() {
    }

    static Secrets secrets() {
        return Secrets.fromEnvironment(System.getenv());
    }

    static StoreProvider stores(Secrets secrets) {
        return region -> StoreConnector.connect(region, secrets.aws());
    }
}
