package org.drjenkins.engine.postgres;

/** A PostgreSQL program is not installed where dr looks: a fault of the machine, never of a backup. */
public final class MissingToolException extends PostgresException {

    public MissingToolException(String message) {
        super(message);
    }
}
