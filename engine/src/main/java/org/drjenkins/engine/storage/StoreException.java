package org.drjenkins.engine.storage;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** The store failed past retries. The message is one line: what, where, why; never a credential. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }

    /**
     * Whether the store could not be reached (refused or reset connection, timeout, a stalled attempt, 5xx), as
     * opposed to a store that answered and refused (403, 404 …): only the first may heal by trying again.
     */
    public boolean storeUnreachable() {
        for (Throwable t = getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AwsServiceException service) {
                return service.statusCode() >= 500;
            }
        }
        return getCause() != null;
    }
}
