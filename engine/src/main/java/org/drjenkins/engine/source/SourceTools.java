package org.drjenkins.engine.source;

import org.drjenkins.engine.postgres.PgTools;
import org.drjenkins.engine.postgres.PostgresException;

/** Where the PostgreSQL sources find their client programs. */
final class SourceTools {

    private SourceTools() {
    }

    /** The given tools, or the located ones; a missing installation fails the backup with the install hint. */
    static PgTools orLocate(PgTools tools) throws SourceException {
        try {
            return tools != null ? tools : PgTools.locate();
        } catch (PostgresException e) {
            throw new SourceException(e.getMessage(), e);
        }
    }
}
