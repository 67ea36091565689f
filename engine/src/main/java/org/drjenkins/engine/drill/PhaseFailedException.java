package org.drjenkins.engine.drill;

/** A drill phase did not pass; the message is the one line its report shows. */
public class PhaseFailedException extends Exception {

    public PhaseFailedException(String message) {
        super(message);
    }
}
