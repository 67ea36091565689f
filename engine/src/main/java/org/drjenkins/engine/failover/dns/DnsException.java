package org.drjenkins.engine.failover.dns;

/** A DNS switch failed. The message is one line naming the record, the server and the fix; never a secret. */
public class DnsException extends RuntimeException {

    public DnsException(String message) {
        super(message);
    }

    public DnsException(String message, Throwable cause) {
        super(message, cause);
    }
}
