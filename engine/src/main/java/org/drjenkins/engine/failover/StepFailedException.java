package org.drjenkins.engine.failover;

/** A failover step failed; the message is the one line the report shows. */
public class StepFailedException extends Exception {

    public StepFailedException(String message) {
        super(message);
    }

    public StepFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
