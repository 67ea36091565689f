package org.drjenkins.engine.wal;

import org.drjenkins.engine.config.Component;
import org.drjenkins.engine.config.ComponentType;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.util.Parameter;

/** Checks shared by the WAL commands. */
public final class WalComponents {

    private WalComponents() {
    }

    /** Refuses a component that has no WAL archive, saying which type has one. */
    public static void requireCluster(Component component, String command) {
        if (component.type() != ComponentType.POSTGRES_CLUSTER) {
            throw InvalidRequestException.of(command + " ", Parameter.COMPONENT.given(component.name()), ": it is a " + component.type().yamlName()
                    + " component; only " + ComponentType.POSTGRES_CLUSTER.yamlName() + " components have a WAL archive"
                    + " (set type: " + ComponentType.POSTGRES_CLUSTER.yamlName() + ")");
        }
    }
}
