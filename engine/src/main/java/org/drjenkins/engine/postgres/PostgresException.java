package org.drjenkins.engine.postgres;

import java.io.IOException;

/** A PostgreSQL tool or server failed. The message is one line, names the tool and the cause, and holds no secret. */
public class PostgresException extends IOException {

    public PostgresException(String message) {
        super(message);
    }

    public PostgresException(String message, Throwable cause) {
        super(message, cause);
    }
}
