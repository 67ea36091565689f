package org.drjenkins.engine.storage;

/** The store failed past retries. The message is one line: what, where, why; never a credential. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
