package org.drjenkins.engine.rejoin;

import java.util.List;

/**
 * A rejoin that was not started because the servers are not in a state it may touch (the old primary still takes
 * writes, the other region is no primary), or because another failover or rejoin holds the plan's failover lease:
 * nothing was changed, and the message names the fix.
 */
public class RejoinRefusedException extends RejoinException {

    private static final long serialVersionUID = 1L;

    public RejoinRefusedException(String message) {
        super(message);
    }

    public RejoinRefusedException(String message, List<String> done, List<String> remaining) {
        super(message, done, remaining);
    }
}
