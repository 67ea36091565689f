package org.drjenkins.engine.rejoin;

/** A rejoin that failed part-way or could not be proven; the message says which step and why, never a password. */
public class RejoinException extends Exception {

    private static final long serialVersionUID = 1L;

    public RejoinException(String message) {
        super(message);
    }
}
