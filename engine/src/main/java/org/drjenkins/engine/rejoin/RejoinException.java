package org.drjenkins.engine.rejoin;

import java.util.List;

/** A rejoin that failed part-way or could not be proven; the message says which step and why, never a password. */
public class RejoinException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> done;
    private final List<String> remaining;

    public RejoinException(String message) {
        this(message, List.of(), List.of());
    }

    /**
     * @param done      the steps of the rejoin done so far (earlier runs included), as {@link RejoinRecord} names them
     * @param remaining what is left, one line each; a rerun continues with the first
     */
    public RejoinException(String message, List<String> done, List<String> remaining) {
        super(message);
        this.done = List.copyOf(done);
        this.remaining = List.copyOf(remaining);
    }

    public List<String> done() {
        return done;
    }

    public List<String> remaining() {
        return remaining;
    }
}
