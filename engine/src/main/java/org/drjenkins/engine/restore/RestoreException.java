package org.drjenkins.engine.restore;

/** A restore that could not be done (the backup is not intact, the target refused the data, no region answered): exit 1. */
public class RestoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RestoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public RestoreException(String message) {
        super(message);
    }
}
